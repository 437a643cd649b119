package io.authio.core.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import io.authio.core.DomainException;

/** Strict parsing of query parameters: anything malformed becomes a 400 naming the parameter. */
public final class Params {

    private static final Pattern UUID_LIKE = Pattern.compile("^[0-9a-fA-F-]{36}$");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("[0-9]{4}-");

    private Params() {
    }

    /**
     * An RFC 3339 timestamp ({@code 2026-11-22T10:15:30Z} or with an offset), or null when absent. RFC 3339 years
     * have four digits, which also keeps every accepted instant within what epoch milliseconds hold.
     */
    public static Instant timestamp(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 40 || !FOUR_DIGIT_YEAR.matcher(value).lookingAt()) {
            throw DomainException.invalid(name + " must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z");
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(name + " must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z");
        }
    }

    /** An integer in [min, max], or the default when absent. */
    public static int intInRange(String name, String value, int min, int max, int defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw DomainException.invalid(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw DomainException.invalid(name + " must be an integer between " + min + " and " + max);
        }
    }

    /** A Keycloak entity id (UUID form), or null when absent. */
    public static String id(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!UUID_LIKE.matcher(value).matches()) {
            throw DomainException.invalid(name + " must be an id in UUID form");
        }
        return value;
    }

    /** A value matched against a pattern, with a description of the expected form for the error. */
    public static String matching(String name, String value, Pattern pattern, String expected) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 200 || !pattern.matcher(value).matches()) {
            throw DomainException.invalid(name + " must be " + expected);
        }
        return value;
    }

    /** Throws unless {@code since} is before {@code until} (when both are given). */
    public static void requireOrdered(Instant since, Instant until) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw DomainException.invalid("since must be before until");
        }
    }
}
