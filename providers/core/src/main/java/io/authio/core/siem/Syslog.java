package io.authio.core.siem;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.authio.core.audit.AuditEvent;

/**
 * RFC 5424 syslog messages with RFC 6587 / RFC 5425 octet-counting framing ({@code <length> <message>}),
 * which survives any byte in the payload. Header fields are restricted to printable US-ASCII as the RFC
 * requires; the payload is UTF-8 with a BOM-less MSG and never holds a raw line break (formats escape).
 */
public final class Syslog {

    /** Facility {@code authpriv} (10): security/authorization messages, readable by privileged users only. */
    public static final int DEFAULT_FACILITY = 10;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Syslog() {
    }

    /** The RFC 5424 message (without framing). */
    public static String message(AuditEvent e, String body, int facility, String hostname, String appName) {
        int severity = e.outcome() == AuditEvent.Outcome.FAILURE ? 4 : 6; // warning : informational
        int pri = facility * 8 + severity;
        return "<" + pri + ">1 " + TIMESTAMP.format(e.occurredAt()) + " " + field(hostname, 255) + " "
                + field(appName, 48) + " - " + field(e.type(), 32) + " - " + body.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Octet-counting frame: the byte length of the UTF-8 message, a space, the message. */
    public static byte[] frame(String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (msg.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + msg.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(msg, 0, out, prefix.length, msg.length);
        return out;
    }

    /** PRINTUSASCII without spaces, truncated; "-" (NILVALUE) when empty. */
    static String field(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && sb.length() < max; i++) {
            char c = value.charAt(i);
            sb.append(c > 32 && c < 127 ? c : '_');
        }
        return sb.toString();
    }
}
