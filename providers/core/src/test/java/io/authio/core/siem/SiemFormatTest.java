package io.authio.core.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;

class SiemFormatTest {

    private static AuditEvent event(String type, AuditEvent.Outcome outcome, String userAgent, Map<String, String> metadata) {
        return new AuditEvent("01a20575-558c-7326-974e-97ef1373a334", "realm-1", Instant.parse("2026-11-22T10:15:30.123Z"),
                type, outcome, "user", "u-1", "u-1", "s-1", "demo-app", "203.0.113.9", userAgent, metadata);
    }

    @Test
    void ocsfClassifiesSignInsAsAuthenticationLogon() {
        JsonNode o = Json.read(SiemFormat.OCSF.render(event("user.login.failed", AuditEvent.Outcome.FAILURE, "UA",
                Map.of("user_email", "a@example.com", "error", "invalid_user_credentials"))));
        assertEquals(3002, o.get("class_uid").asInt());
        assertEquals(1, o.get("activity_id").asInt());
        assertEquals(300201, o.get("type_uid").asLong());
        assertEquals(2, o.get("status_id").asInt());
        assertEquals("invalid_user_credentials", o.get("status_detail").asText());
        assertEquals(Instant.parse("2026-11-22T10:15:30.123Z").toEpochMilli(), o.get("time").asLong());
        assertEquals("a@example.com", o.get("user").get("email_addr").asText());
        assertEquals("203.0.113.9", o.get("src_endpoint").get("ip").asText());
        assertEquals("1.1.0", o.get("metadata").get("version").asText());
    }

    @Test
    void ocsfMapsLogoutAccountChangesAndAdminOperations() {
        assertEquals(300202L, Ocsf.of(event("user.logout", AuditEvent.Outcome.SUCCESS, null, Map.of())).get("type_uid"));
        assertEquals(300110L, Ocsf.of(event("user.credential.added", AuditEvent.Outcome.SUCCESS, null, Map.of())).get("type_uid"));
        assertEquals(300401L, Ocsf.of(event("admin.user.created", AuditEvent.Outcome.SUCCESS, null,
                Map.of("resource_type", "USER", "resource_path", "users/x"))).get("type_uid"));
        assertEquals(300404L, Ocsf.of(event("admin.client.deleted", AuditEvent.Outcome.SUCCESS, null, Map.of())).get("type_uid"));
    }

    @Test
    void cefEscapesHostileFieldsSoNoFieldOrRecordCanBeForged() {
        String hostile = "evil\nCEF:0|x|y|z|forged|f|10|src=6.6.6.6 duser\\=admin|pipe";
        String cef = SiemFormat.CEF.render(event("user.login.failed", AuditEvent.Outcome.FAILURE, hostile,
                Map.of("username", "bob=admin")));
        assertFalse(cef.contains("\n"), cef);
        assertTrue(cef.startsWith("CEF:0|Authio|Authio for Keycloak|"), cef);
        assertTrue(cef.contains("|user.login.failed|user login failed|5|"), cef);
        assertTrue(cef.contains("requestClientApplication=evil\\nCEF:0|x|y|z|forged|f|10|src\\=6.6.6.6 duser\\\\\\=admin|pipe"), cef);
        assertTrue(cef.contains("duser=bob\\=admin"), cef);
        assertEquals(1, cef.split(" src=").length - 1, "exactly one real src field");
    }

    @Test
    void syslogFramesCountBytesAndKeepHeadersPrintable() {
        AuditEvent e = event("user.login.succeeded", AuditEvent.Outcome.SUCCESS, "Ünïcödé\r\nagent", Map.of());
        String message = Syslog.message(e, SiemFormat.JSON.render(e), Syslog.DEFAULT_FACILITY, "kc node 1", "authio");
        assertTrue(message.startsWith("<86>1 2026-11-22T10:15:30.123Z kc_node_1 authio - user.login.succeeded - {"), message);
        assertFalse(message.contains("\n"));
        byte[] frame = Syslog.frame(message);
        String text = new String(frame, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        assertEquals(message.getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(text.substring(0, space)));
        String failure = Syslog.message(event("user.login.failed", AuditEvent.Outcome.FAILURE, null, Map.of()), "x", 4, "h", "a");
        assertTrue(failure.startsWith("<36>1 "), "facility auth (4), severity warning (4): " + failure);
    }

    @Test
    void splunkHecEmbedsJsonFormatsAsObjects() {
        AuditEvent e = event("user.logout", AuditEvent.Outcome.SUCCESS, null, Map.of());
        JsonNode hec = Json.read(SplunkHec.envelope(e, SiemFormat.OCSF, "kc-1"));
        assertEquals("authio:ocsf", hec.get("sourcetype").asText());
        assertEquals(300202, hec.get("event").get("type_uid").asInt());
        JsonNode cef = Json.read(SplunkHec.envelope(e, SiemFormat.CEF, "kc-1"));
        assertTrue(cef.get("event").asText().startsWith("CEF:0|"));
    }

    @Test
    void splunkHecTimeIsPlainEpochSecondsWithMilliseconds() {
        AuditEvent e = event("user.logout", AuditEvent.Outcome.SUCCESS, null, Map.of());
        String hec = SplunkHec.envelope(e, SiemFormat.JSON, "kc-1");
        String expected = "\"time\":" + (e.occurredAt().toEpochMilli() / 1000) + "." + String.format("%03d", e.occurredAt().toEpochMilli() % 1000) + ",";
        assertTrue(hec.contains(expected), hec);
    }

    /** The CEF escaping rules as first written (a chain of replacements), against which the one-pass writer is checked. */
    private static String referenceExtension(String value) {
        return value.replace("\\", "\\\\").replace("=", "\\=").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
                .chars().map(c -> c < 0x20 || c == 0x7f ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String referenceHeader(String value) {
        return value.chars().map(c -> c < 0x20 || c == 0x7f ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                .replace("\\", "\\\\").replace("|", "\\|");
    }

    @Test
    void cefEscapingWrittenInOnePassMatchesTheRulesCharacterForCharacter() {
        for (String v : new String[] {"", "plain", "a\\b", "k=v", "\r\n", "\n\r", "x\r\r\ny", "\\=\\\\==", "tab\there", "del\u007fbell\u0007",
                "nul\u0000", "pipe|and\\|", "Ünïcödé \uD83D\uDE00 \uD800", "\r", "end\r", "\\\r\n="}) {
            assertEquals(referenceExtension(v), Cef.extension(v), v);
            assertEquals(referenceHeader(v), Cef.header(v), v);
        }
    }

    @Test
    void batchRenderingWritesExactlyTheRenderedLines() {
        AuditEvent e = event("user.login.failed", AuditEvent.Outcome.FAILURE, "Ünïcödé\r\nagent|=\\",
                Map.of("user_email", "a@example.com", "error", "bad\ncredentials"));
        for (SiemFormat f : SiemFormat.values()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            f.renderTo(out, e);
            f.renderTo(out, e);
            String once = f.render(e);
            assertEquals(once + once, out.toString(StandardCharsets.UTF_8), f.id());
            if (f.isJson()) {
                // an envelope embeds the object exactly as rendering it and reading it back would
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("time", java.math.BigDecimal.valueOf(e.occurredAt().toEpochMilli(), 3));
                m.put("host", "kc-1");
                m.put("source", "authio");
                m.put("sourcetype", f == SiemFormat.OCSF ? "authio:ocsf" : "authio:audit");
                m.put("event", Json.read(once));
                assertEquals(Json.write(m), SplunkHec.envelope(e, f, "kc-1"), f.id());
            }
        }
    }
}
