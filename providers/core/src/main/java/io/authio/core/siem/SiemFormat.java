package io.authio.core.siem;

import java.util.Locale;

import io.authio.core.audit.AuditEvent;
import io.authio.core.audit.AuditJson;
import io.authio.core.json.Json;

/** How an audit event is rendered for a SIEM: Authio's own JSON, OCSF JSON or ArcSight CEF. */
public enum SiemFormat {
    JSON("json"),
    OCSF("ocsf"),
    CEF("cef");

    private final String id;

    SiemFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static SiemFormat of(String id) {
        for (SiemFormat f : values()) {
            if (f.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "' (json, ocsf, cef)");
    }

    /** One event as one line of text, never containing a raw line break. */
    public String render(AuditEvent event) {
        return switch (this) {
            case JSON -> Json.write(AuditJson.adminView(event));
            case OCSF -> Json.write(Ocsf.of(event));
            case CEF -> Cef.render(event);
        };
    }

    /** Whether the rendering is a JSON object (and can be embedded as one, e.g. in Splunk HEC). */
    public boolean isJson() {
        return this != CEF;
    }
}
