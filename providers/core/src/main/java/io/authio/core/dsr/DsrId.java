package io.authio.core.dsr;

import java.util.regex.Pattern;

import io.authio.core.DomainException;
import io.authio.core.id.Uuid7;

/**
 * Public identifiers of requests: {@code dsr_} followed by a time-ordered UUID, e.g.
 * {@code dsr_01938f5e-7c1a-7b3e-9f00-5a1c2b3d4e5f}. The prefix makes them recognizable in support tickets.
 */
public final class DsrId {

    public static final String PREFIX = "dsr_";
    private static final Pattern FORM = Pattern.compile("^dsr_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    private DsrId() {
    }

    public static String next() {
        return PREFIX + Uuid7.next();
    }

    /** Validates an id from a URL; anything else is not found (an id that cannot exist names nothing). */
    public static String parse(String value) {
        if (value == null || value.length() > 64 || !FORM.matcher(value).matches()) {
            throw DomainException.notFound("no such data-subject request");
        }
        return value;
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= 64 && FORM.matcher(value).matches();
    }
}
