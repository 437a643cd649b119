package io.authio.keycloak.store;

import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * JPQL {@code IN} lists written as single-valued parameters ({@code :id0, :id1, ...}) and padded to a power of
 * two by repeating the last value. Hibernate does not cache the translation of a query bound to a collection
 * parameter and translates it on every execution; this way each (query, padded size) is translated once. Used on
 * the dispatcher's per-claim queries, where the translations were a large share of its CPU.
 *
 * <p>Bulk updates go through JDBC instead ({@link #update}): Hibernate re-translates an HQL {@code update} on every
 * execution whatever its parameters, which was a third of the dispatcher's CPU at 5,000 messages/s.
 */
public final class InList {

    private InList() {
    }

    /** The list's size rounded up to a power of two. */
    static int padded(int size) {
        return size <= 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
    }

    /** {@code :name0, :name1, ...} for {@code size} values. */
    public static String params(String name, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < padded(size); i++) {
            out.append(i == 0 ? ":" : ", :").append(name).append(i);
        }
        return out.toString();
    }

    /** Binds {@code values} (not empty) to the parameters written by {@link #params}. */
    public static <Q extends Query> Q bind(Q query, String name, List<?> values) {
        for (int i = 0; i < padded(values.size()); i++) {
            query.setParameter(name + i, values.get(Math.min(i, values.size() - 1)));
        }
        return query;
    }

    /** Values per statement of {@link #update}; longer lists take several statements. */
    static final int CHUNK = 256;

    /**
     * Runs {@code sql} (plain SQL ending in {@code "in "}) with {@code (?, ?, ...)} appended for {@code ids}, through
     * the session's own JDBC connection and transaction; {@code leading} binds the placeholders before the list.
     * The list is padded as for JPQL, so each statement shape is prepared once per connection.
     * Returns the rows changed.
     */
    public static int update(EntityManager em, String sql, List<?> leading, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            int changed = 0;
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                int size = padded(chunk.size());
                try (PreparedStatement ps = connection.prepareStatement(sql + "(" + String.join(", ", Collections.nCopies(size, "?")) + ")")) {
                    int p = 0;
                    for (Object value : leading) {
                        ps.setObject(++p, value);
                    }
                    for (int i = 0; i < size; i++) {
                        ps.setString(++p, chunk.get(Math.min(i, chunk.size() - 1)));
                    }
                    changed += ps.executeUpdate();
                }
            }
            return changed;
        });
    }
}
