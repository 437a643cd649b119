package io.authio.core.siem;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;

/** Splunk HTTP Event Collector envelopes: one JSON object per event, concatenated in a batch. */
public final class SplunkHec {

    private SplunkHec() {
    }

    public static String envelope(AuditEvent e, SiemFormat format, String host) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        writeEnvelope(out, e, format, host);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Appends the envelope to {@code out} as UTF-8 JSON. */
    public static void writeEnvelope(OutputStream out, AuditEvent e, SiemFormat format, String host) {
        Map<String, Object> m = new LinkedHashMap<>();
        // epoch seconds with millisecond decimals, written plainly (HEC reads "1795425302.481", not "1.795E9")
        m.put("time", java.math.BigDecimal.valueOf(e.occurredAt().toEpochMilli(), 3));
        m.put("host", host);
        m.put("source", "authio");
        m.put("sourcetype", format == SiemFormat.OCSF ? "authio:ocsf" : format == SiemFormat.CEF ? "authio:cef" : "authio:audit");
        // a JSON format's object goes in as it is: the same JSON as rendering it and reading it back, without doing so
        m.put("event", format.isJson() ? format.object(e) : Cef.render(e));
        Json.writeTo(out, m);
    }
}
