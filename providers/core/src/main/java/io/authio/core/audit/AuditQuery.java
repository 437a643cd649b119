package io.authio.core.audit;

import java.time.Instant;
import java.util.regex.Pattern;

import io.authio.core.api.Cursor;
import io.authio.core.api.PageRequest;
import io.authio.core.api.Params;

/**
 * A validated selection of audit events: filters, page size and position. Built from raw query
 * parameters so every endpoint rejects the same malformed input the same way.
 */
public record AuditQuery(String userId, String typePrefix, Instant since, Instant until, PageRequest page) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private static final Pattern TYPE_PREFIX = Pattern.compile("^[a-z0-9_]+(\\.[a-z0-9_]+)*$");

    public static AuditQuery parse(String userId, String type, String since, String until, String limit, String cursor) {
        Instant from = Params.timestamp("since", since);
        Instant to = Params.timestamp("until", until);
        Params.requireOrdered(from, to);
        return new AuditQuery(
                Params.id("user_id", userId),
                Params.matching("type", type, TYPE_PREFIX, "a dotted event type or prefix, e.g. user.login"),
                from,
                to,
                PageRequest.parse(limit, cursor, DEFAULT_LIMIT, MAX_LIMIT));
    }

    /** The same selection without paging, as streamed by NDJSON export. */
    public AuditQuery unpaged() {
        return new AuditQuery(userId, typePrefix, since, until, PageRequest.first(MAX_LIMIT));
    }

    public AuditQuery after(Cursor next) {
        return new AuditQuery(userId, typePrefix, since, until, page.after(next));
    }
}
