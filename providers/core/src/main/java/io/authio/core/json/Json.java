package io.authio.core.json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

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

    /**
     * Appends the value as UTF-8 JSON to {@code out}, which stays open: the same bytes as {@link #writeBytes}. Plain
     * trees (maps with string keys, lists, strings, integers, booleans, nulls: what audit events and their SIEM formats
     * are) are walked straight into the generator; anything else goes through the mapper. A SIEM batch renders
     * thousands of such trees a second, and the mapper's per-value serializer look-ups were most of the cost.
     */
    public static void writeTo(OutputStream out, Object value) {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            walk(g, value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + value.getClass(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Map<?, ?> m && stringKeys(m)) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                walk(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                walk(g, item);
            }
            g.writeEndArray();
        } else {
            INTO.writeValue(g, value); // doubles, decimals, dates, records...: exactly as the mapper writes them
        }
    }

    private static boolean stringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                return false;
            }
        }
        return true;
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
