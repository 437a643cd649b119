package io.authio.keycloak.delivery;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.authio.core.audit.AuditJson;

/** JSON shapes of destinations and deliveries in the admin API. Secrets never appear here. */
final class DestinationViews {

    private DestinationViews() {
    }

    static String time(Long millis) {
        return millis == null ? null : AuditJson.timestamp(Instant.ofEpochMilli(millis));
    }

    static Map<String, Object> destination(DestinationEntity d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.getId());
        if (!"webhook".equals(d.getKind())) {
            m.put("type", d.getKind());
        }
        m.put("url", d.getUrl());
        m.put("description", d.getDescription());
        if (!"webhook".equals(d.getKind())) {
            m.put("format", d.getFormat());
            if ("http".equals(d.getKind())) {
                m.put("encoding", d.getEncoding());
            }
            m.put("has_credential", d.getSecret() != null);
            DestinationOptions o = DestinationOptions.parse(d.getOptions());
            m.put("tls_ca_pem", o.tlsCaPem());
            if ("syslog".equals(d.getKind())) {
                m.put("facility", o.facility());
            }
        }
        m.put("event_types", Arrays.asList(d.getEventFilter().split(" ")));
        m.put("enabled", d.isEnabled());
        m.put("disabled_reason", d.getDisabledReason());
        m.put("failing_since", time(d.getFailingSince()));
        if ("webhook".equals(d.getKind())) {
            boolean rotating = d.getPreviousSecretUntil() != null && d.getPreviousSecretUntil() > System.currentTimeMillis();
            m.put("previous_secret_expires_at", rotating ? time(d.getPreviousSecretUntil()) : null);
        }
        m.put("created_at", time(d.getCreatedAt()));
        m.put("updated_at", time(d.getUpdatedAt()));
        return m;
    }

    static Map<String, Object> delivery(OutboxEntity o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.getId());
        m.put("message_id", io.authio.core.webhook.WebhookPayload.messageId(o.getId()));
        m.put("event_id", o.getEventId());
        m.put("event_type", o.getEventType());
        m.put("status", o.getStatus());
        m.put("attempts", o.getAttempts());
        m.put("next_attempt_at", Outbox.PENDING.equals(o.getStatus()) ? time(o.getNextAttemptAt()) : null);
        m.put("created_at", time(o.getCreatedAt()));
        m.put("delivered_at", time(o.getDeliveredAt()));
        m.put("last_status", o.getLastStatus());
        m.put("last_error", o.getLastError());
        return m;
    }

    static Map<String, Object> delivery(OutboxEntity o, List<DeliveryAttemptEntity> attempts) {
        Map<String, Object> m = delivery(o);
        m.put("attempt_log", attempts.stream().map(a -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("attempt", a.getAttempt());
            x.put("attempted_at", time(a.getAttemptedAt()));
            x.put("succeeded", a.isSucceeded());
            x.put("status_code", a.getStatusCode());
            x.put("latency_ms", a.getLatencyMs());
            x.put("error", a.getError());
            x.put("response", a.getResponse());
            return x;
        }).toList());
        return m;
    }
}
