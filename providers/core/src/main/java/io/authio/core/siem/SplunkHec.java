package io.authio.core.siem;

import java.util.LinkedHashMap;
import java.util.Map;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;

/** Splunk HTTP Event Collector envelopes: one JSON object per event, concatenated in a batch. */
public final class SplunkHec {

    private SplunkHec() {
    }

    public static String envelope(AuditEvent e, SiemFormat format, String host) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.occurredAt().toEpochMilli() / 1000.0);
        m.put("host", host);
        m.put("source", "authio");
        m.put("sourcetype", format == SiemFormat.OCSF ? "authio:ocsf" : format == SiemFormat.CEF ? "authio:cef" : "authio:audit");
        String rendered = format.render(e);
        m.put("event", format.isJson() ? Json.read(rendered) : rendered);
        return Json.write(m);
    }
}
