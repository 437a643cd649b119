package io.authio.core.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Field-by-field access to a body read by {@link JsonBody} (the one strict reader), for operations that tell an
 * absent field from a {@code null} one (partial updates of delivery destinations). Only the allowed fields may be
 * present; each accessor checks its field's type and size, so a violation is a 400 naming the field. Typed
 * requests (records bound by {@link JsonBody#read}) are preferred for new operations.
 */
public final class JsonInput {

    private final JsonNode node;

    private JsonInput(JsonNode node) {
        this.node = node;
    }

    /** Reads the body strictly; an absent or empty body is an empty object. */
    public static JsonInput parse(String body, Set<String> allowedFields) {
        JsonNode node = JsonBody.object(body);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!allowedFields.contains(field)) {
                throw ApiException.badRequest("unknown field: " + clip(field));
            }
        }
        return new JsonInput(node);
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public String string(String field, int maxLength, boolean required) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return Fields.text(field, v == null || v.isNull() ? null : v.asText(), maxLength, required);
    }

    public Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return v.asBoolean();
    }

    public Long integer(String field, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        return Fields.integer(field, v.asLong(), min, max, 0);
    }

    public List<String> strings(String field, int maxItems, int maxLength, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Fields.texts(field, null, maxItems, maxLength, required);
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw ApiException.badRequest(field + " must be an array of strings of at most " + maxLength + " characters");
            }
            out.add(item.asText());
        }
        return Fields.texts(field, out, maxItems, maxLength, required);
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
