package io.authio.keycloak.magiclink;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;

import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.audit.AuditLog;

/**
 * The audit trail of magic links: {@code magic_link.sent}, {@code magic_link.used} and
 * {@code magic_link.rejected} (with a {@code reason}), recorded through {@link AuditLog} in the request's
 * transaction and fanned out to webhooks and SIEM sinks like every other event. Never the token or code:
 * at most a 12-character label of the token digest.
 */
final class MagicLinkEvents {

    static final String SENT = "magic_link.sent";
    static final String USED = "magic_link.used";
    static final String REJECTED = "magic_link.rejected";

    private MagicLinkEvents() {
    }

    static void sent(KeycloakSession session, String realmId, String userId, String clientId, String label, String via) {
        record(session, realmId, SENT, AuditEvent.Outcome.SUCCESS, userId, clientId, meta("link", label, "delivery", via));
    }

    static void used(KeycloakSession session, String realmId, String userId, String clientId, String label, String method) {
        record(session, realmId, USED, AuditEvent.Outcome.SUCCESS, userId, clientId, meta("link", label, "method", method));
    }

    static void rejected(KeycloakSession session, String realmId, String userId, String clientId, String label, String reason) {
        record(session, realmId, REJECTED, AuditEvent.Outcome.FAILURE, userId, clientId, meta("link", label, "reason", reason));
    }

    private static Map<String, String> meta(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static void record(KeycloakSession session, String realmId, String type, AuditEvent.Outcome outcome,
            String userId, String clientId, Map<String, String> metadata) {
        String ip = null;
        String ua = null;
        try {
            if (session.getContext().getConnection() != null) {
                ip = session.getContext().getConnection().getRemoteAddr();
            }
            HttpHeaders headers = session.getContext().getRequestHeaders();
            if (headers != null) {
                ua = headers.getHeaderString(HttpHeaders.USER_AGENT);
                if (ua != null && ua.length() > 512) {
                    ua = ua.substring(0, 512);
                }
            }
        } catch (RuntimeException noRequest) {
            // recorded outside a request: no address
        }
        AuditLog.of(session).record(new AuditEvent(Uuid7.next(), realmId, Instant.now(), type, outcome, "user",
                userId, userId, null, clientId, ip, ua, metadata));
    }
}
