package io.authio.core.dsr;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import io.authio.core.json.Json;

/**
 * Writes the export bundle as a stream: a JSON object with a small header and one array per section,
 * every section always present (empty when nothing is held), rows written as they are produced so the
 * bundle's size never has to fit in memory. The layout is published as docs/schemas/dsr-export.schema.json.
 */
public final class ExportBundle implements AutoCloseable {

    public static final String FORMAT = "authio.dsr.export";
    public static final int VERSION = 1;

    /** The sections, in bundle order. */
    public static final List<String> SECTIONS = List.of("users", "identities", "memberships", "sessions", "consents",
            "audit_events", "keycloak_events", "risk_decisions", "step_up_challenges", "known_devices");

    /** Receives the rows of one section. */
    @FunctionalInterface
    public interface Rows {
        void write(Map<String, ?> row);
    }

    /** Produces the rows of one section. */
    @FunctionalInterface
    public interface SectionSource {
        void rows(String section, Rows out);
    }

    private final JsonGenerator json;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    public ExportBundle(OutputStream out) {
        try {
            this.json = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the whole bundle: the header, then each section in {@link #SECTIONS} order with the rows the
     * source gives for it. Returns the row count of each section.
     */
    public Map<String, Long> write(String dsrId, String realm, Instant generatedAt, boolean accountFound, SectionSource source) {
        try {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);
            json.writeStringField("dsr_id", dsrId);
            json.writeStringField("realm", realm);
            json.writeStringField("generated_at", generatedAt.toString());
            json.writeBooleanField("account_found", accountFound);
            for (String section : SECTIONS) {
                json.writeArrayFieldStart(section);
                long[] n = {0};
                source.rows(section, row -> {
                    try {
                        json.writeObject(row);
                        n[0]++;
                        if ((n[0] & 0xFF) == 0) {
                            json.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndArray();
                counts.put(section, n[0]);
            }
            json.writeEndObject();
            json.flush();
            return Map.copyOf(counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
