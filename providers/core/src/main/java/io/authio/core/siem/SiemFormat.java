package io.authio.core.siem;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

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
        return isJson() ? Json.write(object(event)) : Cef.render(event);
    }

    /** The same line as {@link #render}, appended to {@code out} as UTF-8 (a batch body is built without copies). */
    public void renderTo(OutputStream out, AuditEvent event) {
        if (isJson()) {
            Json.writeTo(out, object(event));
            return;
        }
        try {
            out.write(Cef.render(event).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON object a JSON format renders (for embedding in an envelope without rendering and parsing it again). */
    Map<String, Object> object(AuditEvent event) {
        return switch (this) {
            case JSON -> AuditJson.adminView(event);
            case OCSF -> Ocsf.of(event);
            case CEF -> throw new IllegalStateException("CEF is not JSON");
        };
    }

    /** Whether the rendering is a JSON object (and can be embedded as one, e.g. in Splunk HEC). */
    public boolean isJson() {
        return this != CEF;
    }
}
