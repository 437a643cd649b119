package io.authio.core.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one way Authio pages a list: newest first by (sort key, id), keyset-paged by an opaque {@link Cursor}. Built
 * from the {@code limit} and {@code cursor} query parameters (a malformed one is a 400 naming it); a store asks for
 * {@link #fetchSize()} rows after {@link #keysetCondition} and turns them into a {@link Page}.
 */
public record PageRequest(int limit, Cursor after) {

    /** Names of the JPQL parameters {@link #keysetCondition} uses. */
    public static final String AT = "pageAt";
    public static final String ID = "pageId";

    public PageRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one row");
        }
    }

    /** From the query parameters: {@code limit} in [1, max] (default when absent), {@code cursor} optional. */
    public static PageRequest parse(String limit, String cursor, int defaultLimit, int maxLimit) {
        int n = Params.intInRange("limit", limit, 1, maxLimit, defaultLimit);
        return new PageRequest(n, cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
    }

    /** The first page of {@code limit} rows. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** The same size, after {@code next}. */
    public PageRequest after(Cursor next) {
        return new PageRequest(limit, next);
    }

    /** Rows to fetch: one more than the page, which tells whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The JPQL condition (starting with {@code " and "}) that selects the rows after the cursor in
     * {@code order by sortField desc, idField desc}; empty on the first page. Bind {@link #parameters()}.
     */
    public String keysetCondition(String sortField, String idField) {
        return after == null ? ""
                : " and (" + sortField + " < :" + AT + " or (" + sortField + " = :" + AT + " and " + idField + " < :" + ID + "))";
    }

    /** The values {@link #keysetCondition} names (none on the first page). */
    public Map<String, Object> parameters() {
        return parameters(UnaryOperator.identity());
    }

    /** As {@link #parameters()}, where stored ids carry more than the cursor's id (e.g. a prefix). */
    public Map<String, Object> parameters(UnaryOperator<String> storedId) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (after != null) {
            out.put(AT, after.sortKey());
            out.put(ID, storedId.apply(after.id()));
        }
        return out;
    }

    /**
     * The page from rows fetched with {@link #fetchSize()}: at most {@link #limit()} of them, and the cursor of its
     * last row when more follow ({@code position} gives a row's sort key and id).
     */
    public <T> Page<T> page(List<T> fetched, Function<T, Cursor> position) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> rows = List.copyOf(fetched.subList(0, limit));
        return new Page<>(rows, position.apply(rows.get(limit - 1)));
    }
}
