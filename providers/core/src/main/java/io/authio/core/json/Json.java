package io.authio.core.json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Authio's JSON: every field present (nulls written as null, so API shapes are stable), nothing
 * reflective about Keycloak's own mapper settings. {@link #read} is for JSON Authio wrote itself (stored rows,
 * session notes); request bodies are read by {@link io.authio.core.api.JsonBody} only.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Writes into a stream the caller goes on using (several values in one body). */
    private static final ObjectWriter INTO = MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + value.getClass(), e);
        }
    }

    /** The value as UTF-8 JSON, without the detour through a String (bodies signed or sent as bytes). */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + value.getClass(), e);
        }
    }

    /** Appends the value as UTF-8 JSON to {@code out}, which stays open. */
    public static void writeTo(OutputStream out, Object value) {
        try {
            INTO.writeValue(out, value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + value.getClass(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
