package io.authio.core.dsr;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.authio.core.json.Json;

/**
 * Removes a data subject from history rows that are kept: every value naming the user (their id, email
 * or username, anywhere in the value, any letter case) and every field that is personal by definition
 * becomes {@code "[deleted]"}. What remains says what happened, not to whom.
 */
public final class Anonymizer {

    public static final String DELETED = "[deleted]";

    /** Fields that identify a person whatever their value. */
    public static final Set<String> PERSONAL_FIELDS = Set.of("user_email", "email", "username", "updated_email",
            "previous_email", "first_name", "last_name", "firstName", "lastName", "identity_provider_identity",
            "user_name", "login_hint");

    private final List<String> needles;

    /** @param identifiers the user's id, email and username (nulls and blanks ignored) */
    public Anonymizer(String... identifiers) {
        List<String> n = new ArrayList<>();
        for (String s : identifiers) {
            if (s != null && s.length() >= 3) {
                n.add(s.toLowerCase(Locale.ROOT));
            }
        }
        this.needles = List.copyOf(n);
    }

    /** Whether the text names the subject. */
    public boolean mentions(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (lower.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** A flat metadata map with personal values replaced. */
    public Map<String, String> metadata(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> out.put(k, PERSONAL_FIELDS.contains(k) || mentions(v) || mentions(k) ? DELETED : v));
        return out;
    }

    /** Text with every mention of the subject replaced (e.g. a resource path {@code users/<id>}). */
    public String text(String value) {
        if (value == null) {
            return null;
        }
        String out = value;
        for (String needle : needles) {
            out = replaceIgnoreCase(out, needle);
        }
        return out;
    }

    /**
     * A JSON document (Keycloak's event details) with personal fields and mentioning values replaced;
     * anything that is not JSON is replaced whole when it mentions the subject.
     */
    public String json(String document) {
        if (document == null || document.isBlank()) {
            return document;
        }
        JsonNode node;
        try {
            node = Json.read(document);
        } catch (RuntimeException notJson) {
            return mentions(document) ? Json.write(Map.of("anonymized", true)) : document;
        }
        return Json.write(scrub(node, null));
    }

    private JsonNode scrub(JsonNode node, String field) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = mentions(e.getKey()) ? DELETED : e.getKey();
                out.set(key, scrub(e.getValue(), e.getKey()));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            array.forEach(item -> out.add(scrub(item, field)));
            return out;
        }
        if (node.isValueNode() && !node.isNull()) {
            if ((field != null && PERSONAL_FIELDS.contains(field)) || mentions(node.asText())) {
                return TextNode.valueOf(DELETED);
            }
        }
        return node;
    }

    private static String replaceIgnoreCase(String haystack, String lowerNeedle) {
        StringBuilder out = new StringBuilder();
        String lower = haystack.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int at = lower.indexOf(lowerNeedle, from);
            if (at < 0 || lower.length() != haystack.length()) {
                if (at >= 0) {
                    return DELETED; // case mapping changed lengths: replace the whole value
                }
                out.append(haystack, from, haystack.length());
                return out.toString();
            }
            out.append(haystack, from, at).append(DELETED);
            from = at + lowerNeedle.length();
        }
    }
}
