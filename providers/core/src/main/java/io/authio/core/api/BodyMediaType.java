package io.authio.core.api;

import java.util.Locale;
import java.util.regex.Pattern;

import io.authio.core.DomainException;

/**
 * Which declared request body types Authio reads: {@code application/json}, {@code application/*+json}, and
 * {@code application/x-www-form-urlencoded} — what {@code curl -d} declares when no type is given, read as JSON
 * because the documented DSR commands send it — with no charset but UTF-8. Anything else is a 415; a header that
 * is not exactly one media type (RFC 9110: {@code type/subtype *(; name=value)}) is a 400.
 */
public final class BodyMediaType {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern TYPE = Pattern.compile(TOKEN + "/" + TOKEN);
    private static final Pattern PARAMETER = Pattern.compile(TOKEN + "=(?:" + TOKEN + "|\"(?:[^\"\\\\]|\\\\.)*\")");

    private BodyMediaType() {
    }

    /** Null when a body of this declared type is read; otherwise the refusal. */
    public static DomainException refusal(String header) {
        String[] parts = header.split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!TYPE.matcher(type).matches()) {
            return notOne();
        }
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (!PARAMETER.matcher(p).matches()) {
                return notOne();
            }
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                charset = p.substring("charset=".length()).replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            return unsupported();
        }
        boolean json = type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
        return json || type.equals("application/x-www-form-urlencoded") ? null : unsupported();
    }

    private static DomainException notOne() {
        return DomainException.invalid("the Content-Type header must name one media type, e.g. application/json");
    }

    private static DomainException unsupported() {
        return new DomainException(DomainException.Kind.UNSUPPORTED_FORMAT, "unsupported_media_type", "Authio reads request bodies as application/json (UTF-8)");
    }
}
