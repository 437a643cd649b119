package io.authio.core.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strict reading of a JSON request body: an object, only known fields, each of the right type and
 * size. Every violation is a 400 naming the field, so hostile or sloppy input never reaches the model.
 */
public final class JsonInput {

    public static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).maxStringLength(MAX_BODY).build())
            .build());

    private final JsonNode node;

    private JsonInput(JsonNode node) {
        this.node = node;
    }

    /** Parses the body; an absent or empty body is an empty object. */
    public static JsonInput parse(String body, Set<String> allowedFields) {
        if (body == null || body.isBlank()) {
            return new JsonInput(STRICT.createObjectNode());
        }
        if (body.length() > MAX_BODY) {
            throw ApiException.badRequest("the request body exceeds " + MAX_BODY + " bytes");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
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
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        String s = v.asText();
        if (s.length() > maxLength) {
            throw ApiException.badRequest(field + " must be at most " + maxLength + " characters");
        }
        if (required && s.isBlank()) {
            throw ApiException.badRequest(field + " must not be empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                throw ApiException.badRequest(field + " contains control characters");
            }
        }
        return s;
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
        long n = v.asLong();
        if (n < min || n > max) {
            throw ApiException.badRequest(field + " must be between " + min + " and " + max);
        }
        return n;
    }

    public List<String> strings(String field, int maxItems, int maxLength, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + " is required");
            }
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field + " must be an array of strings");
        }
        if (v.size() > maxItems) {
            throw ApiException.badRequest(field + " holds at most " + maxItems + " items");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().length() > maxLength) {
                throw ApiException.badRequest(field + " must be an array of strings of at most " + maxLength + " characters");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
