package io.authio.core.siem;

import java.util.LinkedHashMap;
import java.util.Map;

import io.authio.core.Product;
import io.authio.core.audit.AuditEvent;

/**
 * ArcSight Common Event Format:
 * {@code CEF:0|Authio|Authio for Keycloak|<version>|<type>|<name>|<severity>|<extensions>}. Header fields
 * escape {@code \} and {@code |}; extension values escape {@code \}, {@code =} and line breaks, so a
 * hostile user agent or username cannot forge fields or records.
 */
public final class Cef {

    private Cef() {
    }

    public static String render(AuditEvent e) {
        boolean failed = e.outcome() == AuditEvent.Outcome.FAILURE;
        int severity = failed ? 5 : 3;
        StringBuilder sb = new StringBuilder(256);
        sb.append("CEF:0|")
                .append(header(Product.VENDOR)).append('|')
                .append(header(Product.NAME)).append('|')
                .append(header(Product.VERSION)).append('|')
                .append(header(e.type())).append('|')
                .append(header(e.type().replace('.', ' ').replace('_', ' '))).append('|')
                .append(severity).append('|');

        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", Long.toString(e.occurredAt().toEpochMilli()));
        ext.put("externalId", e.id());
        ext.put("outcome", e.outcome().value());
        ext.put("src", e.ip());
        ext.put("duid", e.userId());
        ext.put("duser", e.metadata().getOrDefault("user_email", e.metadata().get("username")));
        ext.put("suid", e.actorId());
        ext.put("cs1Label", "realm_id");
        ext.put("cs1", e.realmId());
        ext.put("cs2Label", "client_id");
        ext.put("cs2", e.clientId());
        ext.put("cs3Label", "session_id");
        ext.put("cs3", e.sessionId());
        ext.put("cs4Label", "actor_type");
        ext.put("cs4", e.actorType());
        ext.put("reason", e.metadata().get("error"));
        ext.put("requestClientApplication", e.userAgent());
        boolean first = true;
        for (Map.Entry<String, String> x : ext.entrySet()) {
            if (x.getValue() == null) {
                continue;
            }
            if (!first) {
                sb.append(' ');
            }
            sb.append(x.getKey()).append('=').append(extension(x.getValue()));
            first = false;
        }
        return sb.toString();
    }

    static String header(String value) {
        return controlFree(value).replace("\\", "\\\\").replace("|", "\\|");
    }

    static String extension(String value) {
        return value.replace("\\", "\\\\").replace("=", "\\=").replace("\r\n", "\\n")
                .replace("\n", "\\n").replace("\r", "\\r").chars()
                .map(c -> c < 0x20 || c == 0x7f ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String controlFree(String value) {
        return value.chars().map(c -> c < 0x20 || c == 0x7f ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
