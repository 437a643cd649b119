package io.authio.core.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One page of a list and where the next starts (null on the last page); see {@link PageRequest}. */
public record Page<T>(List<T> rows, Cursor next) {

    public <V> Page<V> map(Function<T, V> view) {
        return new Page<>(rows.stream().map(view).toList(), next);
    }

    /** The API's list body: {@code {"data": [...], "next_cursor": "..." | null}}. */
    public <V> Map<String, Object> body(Function<T, V> view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", rows.stream().map(view).toList());
        out.put("next_cursor", next == null ? null : next.encode());
        return out;
    }
}
