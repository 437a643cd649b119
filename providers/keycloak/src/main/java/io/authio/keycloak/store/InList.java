package io.authio.keycloak.store;

import java.util.List;

import jakarta.persistence.Query;

/**
 * JPQL {@code IN} lists written as single-valued parameters ({@code :id0, :id1, ...}) and padded to a power of
 * two by repeating the last value. Hibernate does not cache the translation of a query bound to a collection
 * parameter and translates it on every execution; this way each (query, padded size) is translated once. Used on
 * the dispatcher's per-claim queries, where the translations were a large share of its CPU.
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
}
