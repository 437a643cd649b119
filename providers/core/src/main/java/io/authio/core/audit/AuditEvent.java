package io.authio.core.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded identity event, as stored in AUTHIO_AUDIT_EVENT and as every consumer (admin API, user
 * activity, webhooks, SIEM) sees it.
 *
 * @param actorType who caused it: {@code user}, {@code admin}, {@code client} or {@code system}
 * @param userId    the user the event is about (null for unknown users and anonymized history)
 * @param metadata  small, flat, non-secret details (e.g. {@code user_email}, {@code error}, {@code username})
 */
public record AuditEvent(
        String id,
        String realmId,
        Instant occurredAt,
        String type,
        Outcome outcome,
        String actorType,
        String actorId,
        String userId,
        String sessionId,
        String clientId,
        String ip,
        String userAgent,
        Map<String, String> metadata) {

    public enum Outcome {
        SUCCESS, FAILURE;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Outcome of(String value) {
            return "failure".equalsIgnoreCase(value) ? FAILURE : SUCCESS;
        }
    }

    public AuditEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
