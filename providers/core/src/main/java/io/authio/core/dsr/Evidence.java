package io.authio.core.dsr;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.authio.core.json.Json;

/**
 * What a fulfillment did, kept in the request's row and shown by the API: per-table row counts, who
 * fulfilled it and when, the outcome, and how the export was handed over. Holds no personal data: the
 * subject is identified only by a keyed digest of the address the request named.
 */
public final class Evidence {

    public static final String OUTCOME_ERASED = "erased";
    public static final String OUTCOME_EXPORTED = "exported";
    public static final String OUTCOME_NO_DATA = "no data held";
    /** Evidence field of the subject's keyed address digest (before 0.2: {@code subject_email_sha256}, unkeyed). */
    public static final String SUBJECT_DIGEST = "subject_email_hmac";
    public static final String LEGACY_SUBJECT_DIGEST = "subject_email_sha256";

    private final ObjectNode root;

    private Evidence(ObjectNode root) {
        this.root = root;
    }

    public static Evidence empty() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("tables");
        return new Evidence(root);
    }

    public static Evidence parse(String json) {
        if (json == null || json.isBlank()) {
            return empty();
        }
        JsonNode node = Json.read(json);
        if (!(node instanceof ObjectNode object)) {
            return empty();
        }
        if (!object.has("tables") || !object.get("tables").isObject()) {
            object.putObject("tables");
        }
        return new Evidence(object);
    }

    /** Adds {@code count} to a table's tally (counts of retried batches add up, each row is counted once). */
    public Evidence add(String table, long count) {
        ObjectNode tables = (ObjectNode) root.get("tables");
        long before = tables.has(table) ? tables.get(table).asLong() : 0;
        tables.put(table, before + count);
        return this;
    }

    public Evidence addAll(Map<String, Long> counts) {
        counts.forEach(this::add);
        return this;
    }

    public long count(String table) {
        JsonNode n = root.get("tables").get(table);
        return n == null ? 0 : n.asLong();
    }

    public long total() {
        long total = 0;
        for (Iterator<JsonNode> it = root.get("tables").elements(); it.hasNext();) {
            total += it.next().asLong();
        }
        return total;
    }

    public Evidence startedBy(String actorType, String actorId, Instant at) {
        ObjectNode by = root.putObject("fulfilled_by");
        by.put("type", actorType);
        by.put("id", actorId);
        root.put("started_at", at.toString());
        return this;
    }

    /** The subject as the request named them: the keyed digest of the address ({@link SubjectDigest}), never the address. */
    public Evidence subject(String emailDigest, boolean accountFound) {
        root.put(SUBJECT_DIGEST, emailDigest);
        root.put("account_found", accountFound);
        return this;
    }

    public Evidence completed(String outcome, Instant at) {
        root.put("outcome", outcome);
        root.put("completed_at", at.toString());
        return this;
    }

    public Evidence section(String name, long rows) {
        ObjectNode sections = root.has("sections") ? (ObjectNode) root.get("sections") : root.putObject("sections");
        sections.put(name, rows);
        return this;
    }

    /** Details of the bundle's hand-over ({@code delivery}: upload or download). */
    public ObjectNode artifact() {
        return root.has("artifact") ? (ObjectNode) root.get("artifact") : root.putObject("artifact");
    }

    public ObjectNode node() {
        return root;
    }

    public String toJson() {
        return Json.write(root);
    }
}
