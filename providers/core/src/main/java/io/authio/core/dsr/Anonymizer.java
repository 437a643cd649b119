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
    private final String username;

    /**
     * @param userId   the account id (null when there is no account)
     * @param email    the address; found anywhere inside a value
     * @param username the username; a value naming it must equal it (ignoring case), so a short username
     *                 does not wipe other people's values that merely contain it
     */
    public Anonymizer(String userId, String email, String username) {
        List<String> n = new ArrayList<>();
        for (String s : new String[] {userId, email}) {
            if (s != null && s.length() >= 3) {
                n.add(s.toLowerCase(Locale.ROOT));
            }
        }
        this.needles = List.copyOf(n);
        this.username = username == null || username.isBlank() ? null : username;
    }

    /** Whether the text names the subject. */
    public boolean mentions(String text) {
        if (text == null) {
            return false;
        }
        if (username != null && text.strip().equalsIgnoreCase(username)) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (lower.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a stored document would still be selected as naming the subject: it contains the id or the
     * address anywhere, or the username as a quoted JSON string. Callers replace such a document whole, so
     * anonymizing always terminates.
     */
    public boolean stillNames(String document) {
        if (document == null) {
            return false;
        }
        String lower = document.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (lower.contains(needle)) {
                return true;
            }
        }
        return username != null && lower.contains("\"" + username.toLowerCase(Locale.ROOT) + "\"");
    }

    /** A flat metadata map with personal values replaced. */
    public Map<String, String> metadata(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            String key = mentions(k) ? DELETED + "_" + out.size() : k;
            out.put(key, PERSONAL_FIELDS.contains(k) || mentions(v) || mentions(k) ? DELETED : v);
        });
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
