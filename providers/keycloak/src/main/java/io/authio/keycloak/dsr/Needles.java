package io.authio.keycloak.dsr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.authio.core.dsr.Anonymizer;
import io.authio.keycloak.store.RealmData;

/**
 * The SQL that pre-selects rows whose JSON column holds one of the subject's exact {@code "field":"value"} texts
 * ({@link Anonymizer#needles()}): {@code lower(column) like} each text, never a bare value.
 */
final class Needles {

    /** The condition (in parentheses) and its parameters, in order. */
    record Clause(String sql, List<String> params) {
    }

    private Needles() {
    }

    /**
     * @param columns   the columns a document may be in (e.g. Keycloak's short and long details)
     * @param parameter the placeholder for the n-th parameter of this clause ({@code i -> "?" + (first + i)} or
     *                  {@code i -> ":n" + i})
     */
    static Clause any(List<String> columns, List<Anonymizer.Needle> needles, IntFunction<String> parameter) {
        List<String> params = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        for (String column : columns) {
            for (Anonymizer.Needle n : needles) {
                String term = "lower(" + column + ") like " + parameter.apply(params.size()) + " escape '!'";
                params.add(contains(n.text()));
                if (n.and() != null) {
                    term = "(" + term + " and lower(" + column + ") like " + parameter.apply(params.size()) + " escape '!')";
                    params.add(contains(n.and()));
                }
                terms.add(term);
            }
        }
        return new Clause(terms.isEmpty() ? "(1 = 0)" : "(" + String.join(" or ", terms) + ")", params);
    }

    private static String contains(String text) {
        return "%" + RealmData.likeEscape(text) + "%";
    }
}
