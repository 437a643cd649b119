package io.authio.core.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** The JSON shapes of an audit event: the full admin view, the end-user view and the stored metadata. */
public final class AuditJson {

    private static final ObjectMapper MAPPER = io.authio.core.json.Json.MAPPER;
    /** A reader bound to the metadata type once, so each read does not look its deserializer up again. */
    private static final ObjectReader METADATA = MAPPER.readerFor(new TypeReference<Map<String, String>>() { });
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditJson() {
    }

    public static String timestamp(Instant instant) {
        return RFC3339.format(instant);
    }

    /** Everything, for administrators and machine consumers. */
    public static Map<String, Object> adminView(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("realm_id", e.realmId());
        m.put("occurred_at", timestamp(e.occurredAt()));
        m.put("type", e.type());
        m.put("outcome", e.outcome().value());
        m.put("actor_type", e.actorType());
        m.put("actor_id", e.actorId());
        m.put("user_id", e.userId());
        m.put("session_id", e.sessionId());
        m.put("client_id", e.clientId());
        m.put("ip", e.ip());
        m.put("user_agent", e.userAgent());
        m.put("metadata", new TreeMap<>(e.metadata()));
        return m;
    }

    /**
     * What a user sees of their own history: what happened, when, from where and with which app. No
     * actor ids (an administrator's identity is not the user's business), no internal metadata.
     */
    public static Map<String, Object> activityView(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("occurred_at", timestamp(e.occurredAt()));
        m.put("type", e.type());
        m.put("outcome", e.outcome().value());
        m.put("by", "user".equals(e.actorType()) ? "you" : e.actorType());
        m.put("client_id", e.clientId());
        m.put("ip", e.ip());
        m.put("user_agent", e.userAgent());
        return m;
    }

    public static String writeMetadata(Map<String, String> metadata) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> readMetadata(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return METADATA.readValue(json);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", "true");
        }
    }
}
