package io.authio.core.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.core.api.Params;
import io.authio.core.json.Json;

/**
 * The figures of the console's overview, shaped from aggregate rows the store reads: sign-ins by decision per
 * time bucket (hours for windows up to two days, days beyond), the signals that fired most, and the window they
 * cover. Empty buckets are filled with zeros so a chart's time axis has no gaps.
 */
public final class Overview {

    public static final List<String> DECISIONS = List.of("allow", "step_up", "deny");
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    private Overview() {
    }

    /** The window the figures cover: the last {@code days} days up to now, cut into buckets. */
    public record Window(int days, long since, long until, long bucketMillis) {

        /** Parses {@code days} (1 to 90, default 7); buckets align to whole hours or UTC days. */
        public static Window parse(String days, long now) {
            int d = Params.intInRange("days", days, 1, 90, 7);
            long bucket = d <= 2 ? HOUR : DAY;
            long until = now;
            long since = Math.floorDiv(now - d * DAY, bucket) * bucket;
            return new Window(d, since, until, bucket);
        }

        public String bucket() {
            return bucketMillis == HOUR ? "hour" : "day";
        }

        /** Index of the bucket a time falls into (the store groups by it). */
        public long bucketOf(long millis) {
            return Math.floorDiv(millis, bucketMillis);
        }
    }

    /** One aggregate row: bucket index ({@code createdAt / bucketMillis}), decision, count. */
    public record Count(long bucket, String decision, long count) {
    }

    /** Sign-ins per bucket and decision, oldest first, every bucket of the window present. */
    public static List<Map<String, Object>> series(Window w, List<Count> rows) {
        Map<Long, Map<String, Long>> byBucket = new LinkedHashMap<>();
        for (long b = w.bucketOf(w.since()); b <= w.bucketOf(w.until()); b++) {
            Map<String, Long> zero = new LinkedHashMap<>();
            DECISIONS.forEach(d -> zero.put(d, 0L));
            byBucket.put(b, zero);
        }
        for (Count c : rows) {
            Map<String, Long> bucket = byBucket.get(c.bucket());
            if (bucket != null && bucket.containsKey(c.decision())) {
                bucket.merge(c.decision(), c.count(), Long::sum);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byBucket.forEach((b, counts) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", Instant.ofEpochMilli(b * w.bucketMillis()).toString());
            m.putAll(counts);
            out.add(m);
        });
        return out;
    }

    /** Totals per decision over a series. */
    public static Map<String, Long> totals(List<Map<String, Object>> series) {
        Map<String, Long> t = new LinkedHashMap<>();
        DECISIONS.forEach(d -> t.put(d, 0L));
        for (Map<String, Object> b : series) {
            DECISIONS.forEach(d -> t.merge(d, ((Number) b.get(d)).longValue(), Long::sum));
        }
        return t;
    }

    /** The names of the signals a stored explanation ({@code {"signals":[{"signal":"new_device",...}],...}}) lists. */
    public static List<String> firedSignals(String explanation) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode s : Json.read(explanation).path("signals")) {
                if (s.path("signal").isTextual()) {
                    out.add(s.get("signal").asText());
                }
            }
        } catch (RuntimeException unreadable) {
            // an explanation that is not JSON counts no signal
        }
        return out;
    }

    /** Signals that fired at least once, most frequent first (ties by name), at most {@code limit}. */
    public static List<Map<String, Object>> topSignals(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("signal", e.getKey());
                    m.put("count", e.getValue());
                    return m;
                })
                .toList();
    }
}
