package io.authio.core.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import io.authio.core.audit.AuditEvent;
import io.authio.core.audit.AuditJson;
import io.authio.core.json.Json;

/** The Standard Webhooks body: {@code {"type", "timestamp", "data"}}, data being the audit event. */
public final class WebhookPayload {

    private WebhookPayload() {
    }

    public static byte[] body(AuditEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        m.put("timestamp", AuditJson.timestamp(event.occurredAt()));
        m.put("data", AuditJson.adminView(event));
        return Json.writeBytes(m);
    }

    /** The {@code webhook-id}: stable for one event and one endpoint, across every retry. */
    public static String messageId(String outboxId) {
        return "msg_" + outboxId.replace("-", "");
    }
}
