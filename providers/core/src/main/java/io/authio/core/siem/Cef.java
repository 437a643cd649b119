package io.authio.core.siem;

import io.authio.core.Product;
import io.authio.core.audit.AuditEvent;

/**
 * ArcSight Common Event Format:
 * {@code CEF:0|Authio|Authio for Keycloak|<version>|<type>|<name>|<severity>|<extensions>}. Header fields
 * escape {@code \} and {@code |}; extension values escape {@code \}, {@code =} and line breaks, so a
 * hostile user agent or username cannot forge fields or records.
 */
public final class Cef {

    /** The constant head of every record: vendor, product and version, escaped once. */
    private static final String PREFIX = "CEF:0|" + header(Product.VENDOR) + '|' + header(Product.NAME) + '|' + header(Product.VERSION) + '|';

    private Cef() {
    }

    public static String render(AuditEvent e) {
        boolean failed = e.outcome() == AuditEvent.Outcome.FAILURE;
        int severity = failed ? 5 : 3;
        StringBuilder sb = new StringBuilder(384);
        sb.append(PREFIX);
        appendHeader(sb, e.type());
        sb.append('|');
        appendHeader(sb, e.type().replace('.', ' ').replace('_', ' '));
        sb.append('|').append(severity).append('|');
        // written in place (no map per event): the delivery engine renders tens of thousands of these a second
        boolean first = true;
        first = field(sb, first, "rt", Long.toString(e.occurredAt().toEpochMilli()));
        first = field(sb, first, "externalId", e.id());
        first = field(sb, first, "outcome", e.outcome().value());
        first = field(sb, first, "src", e.ip());
        first = field(sb, first, "duid", e.userId());
        first = field(sb, first, "duser", e.metadata().getOrDefault("user_email", e.metadata().get("username")));
        first = field(sb, first, "suid", e.actorId());
        first = field(sb, first, "cs1Label", "realm_id");
        first = field(sb, first, "cs1", e.realmId());
        first = field(sb, first, "cs2Label", "client_id");
        first = field(sb, first, "cs2", e.clientId());
        first = field(sb, first, "cs3Label", "session_id");
        first = field(sb, first, "cs3", e.sessionId());
        first = field(sb, first, "cs4Label", "actor_type");
        first = field(sb, first, "cs4", e.actorType());
        first = field(sb, first, "reason", e.metadata().get("error"));
        field(sb, first, "requestClientApplication", e.userAgent());
        return sb.toString();
    }

    /** Appends {@code key=value} (escaped) unless the value is null; returns whether nothing was written yet. */
    private static boolean field(StringBuilder sb, boolean first, String key, String value) {
        if (value == null) {
            return first;
        }
        if (!first) {
            sb.append(' ');
        }
        sb.append(key).append('=');
        appendExtension(sb, value);
        return false;
    }

    static String header(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        appendHeader(sb, value);
        return sb.toString();
    }

    /** Control characters become spaces; {@code \} and {@code |} are escaped. */
    private static void appendHeader(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '|') {
                sb.append('\\').append(c);
            } else {
                sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
            }
        }
    }

    static String extension(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        appendExtension(sb, value);
        return sb.toString();
    }

    /**
     * {@code \} and {@code =} are escaped, a line break (CRLF, LF or CR) becomes {@code \n} or {@code \r}, any other
     * control character a space.
     */
    private static void appendExtension(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '=') {
                sb.append('\\').append(c);
            } else if (c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                sb.append("\\n");
                i++;
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else {
                sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
            }
        }
    }
}
