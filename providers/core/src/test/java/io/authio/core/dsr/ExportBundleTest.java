package io.authio.core.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.authio.core.json.Json;

class ExportBundleTest {

    @Test
    void everySectionIsPresentInOrderEvenWhenEmpty() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Long> counts;
        try (ExportBundle bundle = new ExportBundle(out)) {
            counts = bundle.write("dsr_x", "demo", Instant.parse("2026-01-01T00:00:00Z"), true, (section, rows) -> {
                if (section.equals("audit_events")) {
                    for (int i = 0; i < 300; i++) {
                        rows.write(Map.of("id", "e" + i));
                    }
                }
            });
        }
        JsonNode json = Json.MAPPER.readTree(out.toByteArray());
        assertEquals("authio.dsr.export", json.get("format").asText());
        var names = new java.util.ArrayList<String>();
        json.fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(ExportBundle.SECTIONS));
        assertEquals(ExportBundle.SECTIONS, names.subList(names.size() - ExportBundle.SECTIONS.size(), names.size()));
        assertEquals(300, json.get("audit_events").size());
        assertEquals(0, json.get("risk_decisions").size());
        assertEquals(300L, counts.get("audit_events"));
    }

    @Test
    void evidenceAddsUpAndCarriesNoAddress() {
        String digest = SubjectDigest.of(SubjectDigest.newKey(), "alice@example.com");
        Evidence e = Evidence.empty().add("AUTHIO_AUDIT_EVENT", 1000).add("AUTHIO_AUDIT_EVENT", 12).subject(digest, true);
        Evidence back = Evidence.parse(e.toJson());
        assertEquals(1012, back.count("AUTHIO_AUDIT_EVENT"));
        assertEquals(digest, back.node().get(Evidence.SUBJECT_DIGEST).asText());
        assertTrue(!back.toJson().contains("alice"));
    }
}
