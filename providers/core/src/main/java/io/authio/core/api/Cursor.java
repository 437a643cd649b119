package io.authio.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import io.authio.core.DomainException;

/**
 * Keyset pagination position: the sort key (a timestamp in milliseconds) and the id of the last row
 * returned. Encoded opaque (base64url) so clients do not build them; decoded strictly so a damaged
 * cursor is a 400, never a wrong page.
 */
public record Cursor(long sortKey, String id) {

    private static final String VERSION = "c1";
    private static final Pattern ID = Pattern.compile("^[0-9a-fA-F-]{1,64}$");

    public String encode() {
        String raw = VERSION + ":" + sortKey + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > 200) {
            throw DomainException.invalid("cursor is malformed");
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("cursor is malformed");
        }
        String[] parts = raw.split(":", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !ID.matcher(parts[2]).matches()) {
            throw DomainException.invalid("cursor is malformed");
        }
        try {
            long key = Long.parseLong(parts[1]);
            if (key < 0) {
                throw DomainException.invalid("cursor is malformed");
            }
            return new Cursor(key, parts[2]);
        } catch (NumberFormatException e) {
            throw DomainException.invalid("cursor is malformed");
        }
    }
}
