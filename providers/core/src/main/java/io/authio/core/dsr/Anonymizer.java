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
 * Removes one data subject from history rows that are kept, by exact fields and exact values only: what remains
 * says what happened, not to whom, and nobody else's row changes.
 *
 * <ul>
 * <li>On the subject's <em>own</em> rows (the row is about them: its user id is theirs) every personal field goes,
 * whatever its value ({@link #PERSONAL_FIELDS}, and profile changes {@code previous_*}/{@code updated_*}).</li>
 * <li>On any row, a field that names a person ({@link #NAMING_FIELDS}: a typed username, an address) goes when its
 * value <em>is</em> one of the subject's identifiers (their address or username, letter case and surrounding space
 * aside), a user-id field ({@link #ID_FIELDS}) when it is their id, the impersonating administrator's username when
 * it is theirs in their realm, and a resource path segment when it is their id.</li>
 * </ul>
 * Never a substring, never "a value that happens to be equal" in another field: a user named {@code code} does not
 * touch {@code "auth_type":"code"}, and {@code ohn@example.com} does not touch {@code john@example.com}.
 * {@link #needles()} are the exact {@code "field":"value"} texts a database pre-selects rows by; anonymizing a
 * selected row removes every one of them from it, so batches terminate.
 */
public final class Anonymizer {

    public static final String DELETED = "[deleted]";

    /** Fields that identify the person a row is about: on the subject's own rows their values go. */
    public static final Set<String> PERSONAL_FIELDS = Set.of("user_email", "email", "username", "first_name", "last_name",
            "firstName", "lastName", "identity_provider_identity", "identity_provider_user_id", "user_name", "login_hint",
            "credential_user_label", "previous_user");

    /** Fields that may name a person on anyone's row; they go where the value is one of the subject's identifiers. */
    public static final Set<String> NAMING_FIELDS = Set.of("username", "user_email", "email", "previous_email", "updated_email",
            "login_hint", "user_name");

    /** Fields holding a Keycloak user id; they go where the value is the subject's id. */
    public static final Set<String> ID_FIELDS = Set.of("user_id", "previous_user", "impersonator_id", "verifiable_credential_target_user_id");

    /** Keycloak names the impersonating administrator by username, with their realm's name beside it. */
    public static final String IMPERSONATOR = "impersonator";
    public static final String IMPERSONATOR_REALM = "impersonator_realm";

    private static final List<String> PROFILE_CHANGE_PREFIXES = List.of("previous_", "updated_");

    private final String userId;
    private final String username;
    private final List<String> names;
    private final String realmName;

    /**
     * @param userId    the account id (null when no account has the address)
     * @param email     the address the request names
     * @param username  the account's username (null without an account)
     * @param realmName the realm's name (to tell the subject from a same-named administrator of another realm)
     */
    public Anonymizer(String userId, String email, String username, String realmName) {
        this.userId = userId == null || userId.isBlank() ? null : userId;
        this.username = username == null || username.isBlank() ? null : username.strip().toLowerCase(Locale.ROOT);
        List<String> n = new ArrayList<>();
        if (email != null && !email.isBlank()) {
            n.add(email.strip().toLowerCase(Locale.ROOT));
        }
        if (this.username != null && !n.contains(this.username)) {
            n.add(this.username);
        }
        this.names = List.copyOf(n);
        this.realmName = realmName;
    }

    /** Whether the value is exactly the subject's address or username (letter case and surrounding space aside). */
    public boolean names(String value) {
        return value != null && names.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether the value is exactly the subject's account id. */
    public boolean isSubjectId(String value) {
        return userId != null && value != null && userId.equals(value.strip());
    }

    /** Whether the impersonating administrator named by this username and realm is the subject. */
    public boolean isSubjectImpersonator(String impersonator, String impersonatorRealm) {
        return username != null && impersonator != null && username.equals(impersonator.strip().toLowerCase(Locale.ROOT))
                && realmName != null && realmName.equalsIgnoreCase(impersonatorRealm);
    }

    /**
     * A flat metadata map (Authio's audit rows) with the subject removed; the same instance when nothing changes.
     * On own rows {@code user_email} is always {@code "[deleted]"}: every anonymized row says so the same way.
     */
    public Map<String, String> metadata(Map<String, String> metadata, boolean own) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String v = e.getValue();
            String replaced = erases(e.getKey(), v, own, metadata.get(IMPERSONATOR_REALM)) ? DELETED
                    : "resource_path".equals(e.getKey()) ? path(v) : v;
            changed |= !java.util.Objects.equals(replaced, v);
            out.put(e.getKey(), replaced);
        }
        if (own && !DELETED.equals(out.get("user_email"))) {
            out.put("user_email", DELETED);
            changed = true;
        }
        return changed ? out : metadata;
    }

    /**
     * A JSON document (Keycloak's event details) with the subject removed, at any depth; the same string when nothing
     * changes. A document that is not JSON is kept unless the caller selected it as naming the subject
     * ({@code selected}), then it becomes {@code {"anonymized":true}}.
     */
    public String json(String document, boolean own, boolean selected) {
        if (document == null || document.isBlank()) {
            return document;
        }
        JsonNode node;
        try {
            node = Json.read(document);
        } catch (RuntimeException notJson) {
            return selected ? Json.write(Map.of("anonymized", true)) : document;
        }
        JsonNode scrubbed = scrub(node, null, own, null);
        return scrubbed == node ? document : Json.write(scrubbed);
    }

    /** A resource path ({@code users/<id>/...}) with every segment that is the subject's id replaced; same otherwise. */
    public String path(String path) {
        if (path == null || userId == null || !path.contains(userId)) {
            return path;
        }
        String[] segments = path.split("/", -1);
        boolean changed = false;
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(userId)) {
                segments[i] = DELETED;
                changed = true;
            }
        }
        return changed ? String.join("/", segments) : path;
    }

    /** Whether a path is about the subject: {@code users/<their id>} or below it. */
    public boolean pathIsAbout(String path) {
        return userId != null && path != null && (path.equals("users/" + userId) || path.startsWith("users/" + userId + "/"));
    }

    /**
     * The exact {@code "field":"value"} texts (lower case, JSON-encoded, as Authio and Keycloak write compact JSON)
     * that mark a document as naming the subject; each with an optional second text the document must also hold.
     */
    public List<Needle> needles() {
        List<Needle> out = new ArrayList<>();
        for (String field : NAMING_FIELDS) {
            for (String name : names) {
                out.add(new Needle(pair(field, name), null));
            }
        }
        if (userId != null) {
            for (String field : ID_FIELDS) {
                out.add(new Needle(pair(field, userId.toLowerCase(Locale.ROOT)), null));
            }
        }
        if (username != null && realmName != null) {
            out.add(new Needle(pair(IMPERSONATOR, username), pair(IMPERSONATOR_REALM, realmName.toLowerCase(Locale.ROOT))));
        }
        return out;
    }

    /** A text a document must contain (and {@code and}, when not null, too). */
    public record Needle(String text, String and) {
    }

    private static String pair(String field, String value) {
        return Json.write(field) + ":" + Json.write(value);
    }

    private boolean erases(String field, String value, boolean own, String impersonatorRealm) {
        if (field == null) {
            return false;
        }
        if (own && personal(field)) {
            return value != null && !DELETED.equals(value);
        }
        if (value == null) {
            return false;
        }
        return (NAMING_FIELDS.contains(field) && names(value))
                || (ID_FIELDS.contains(field) && isSubjectId(value))
                || (IMPERSONATOR.equals(field) && isSubjectImpersonator(value, impersonatorRealm));
    }

    private static boolean personal(String field) {
        if (PERSONAL_FIELDS.contains(field)) {
            return true;
        }
        for (String prefix : PROFILE_CHANGE_PREFIXES) {
            if (field.startsWith(prefix) && !field.endsWith("_token_id")) {
                return true;
            }
        }
        return false;
    }

    /** The node with the subject removed, or the same node when nothing in it changes. */
    private JsonNode scrub(JsonNode node, String field, boolean own, ObjectNode parent) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode replaced = scrub(e.getValue(), e.getKey(), own, object);
                if (replaced != e.getValue()) {
                    if (out == null) {
                        out = object.deepCopy();
                    }
                    out.set(e.getKey(), replaced);
                }
            }
            return out == null ? object : out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = null;
            for (int i = 0; i < array.size(); i++) {
                JsonNode replaced = scrub(array.get(i), field, own, parent);
                if (replaced != array.get(i)) {
                    if (out == null) {
                        out = array.deepCopy();
                    }
                    out.set(i, replaced);
                }
            }
            return out == null ? array : out;
        }
        if (node.isValueNode() && !node.isNull()) {
            String realm = parent == null || !parent.hasNonNull(IMPERSONATOR_REALM) ? null : parent.get(IMPERSONATOR_REALM).asText();
            if (erases(field, node.asText(), own, realm)) {
                return TextNode.valueOf(DELETED);
            }
            if ("resource_path".equals(field) && node.isTextual()) {
                String p = path(node.asText());
                return p.equals(node.asText()) ? node : TextNode.valueOf(p);
            }
        }
        return node;
    }
}
