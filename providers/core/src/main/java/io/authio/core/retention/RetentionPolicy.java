package io.authio.core.retention;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.core.json.Json;

/**
 * How long each category is kept: the operator's ceilings and the shortest a realm may choose. A realm's own
 * retention (stored as {@code {"audit_events": 3600, ...}}, seconds) may only shorten a ceiling, never lengthen it:
 * an operator who lowers a ceiling later lowers every realm with it.
 */
public final class RetentionPolicy {

    private final Map<RetentionCategory, Duration> ceilings;
    private final Duration minRealm;

    public RetentionPolicy(Map<RetentionCategory, Duration> ceilings, Duration minRealm) {
        EnumMap<RetentionCategory, Duration> all = new EnumMap<>(RetentionCategory.class);
        for (RetentionCategory c : RetentionCategory.values()) {
            Duration d = ceilings.getOrDefault(c, c.defaultCeiling());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(c.option() + " must be positive");
            }
            all.put(c, d);
        }
        this.ceilings = Collections.unmodifiableMap(all);
        this.minRealm = minRealm;
    }

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Map.of(), Duration.ofDays(1));
    }

    public Duration ceiling(RetentionCategory c) {
        return ceilings.get(c);
    }

    public Duration minRealm() {
        return minRealm;
    }

    /** What applies in a realm: its own value when it has one (never above the ceiling), else the ceiling. */
    public Duration effective(RetentionCategory c, Map<RetentionCategory, Duration> realm) {
        Duration own = realm.get(c);
        Duration ceiling = ceilings.get(c);
        return own == null || own.compareTo(ceiling) > 0 ? ceiling : own;
    }

    /**
     * A realm's request, validated: every field a category, each value seconds between the realm minimum and the
     * ceiling, or null for the ceiling. Throws {@link IllegalArgumentException} naming the field.
     */
    public Map<RetentionCategory, Duration> validate(Map<String, Long> requested) {
        Map<RetentionCategory, Duration> out = new EnumMap<>(RetentionCategory.class);
        for (Map.Entry<String, Long> e : requested.entrySet()) {
            RetentionCategory c = RetentionCategory.of(e.getKey());
            if (c == null) {
                throw new IllegalArgumentException("unknown retention category: " + e.getKey());
            }
            if (e.getValue() == null) {
                continue;
            }
            long max = ceilings.get(c).toSeconds();
            if (e.getValue() < minRealm.toSeconds() || e.getValue() > max) {
                throw new IllegalArgumentException(e.getKey() + " must be between " + minRealm.toSeconds() + " and " + max
                        + " seconds (the server operator's ceiling)");
            }
            out.put(c, Duration.ofSeconds(e.getValue()));
        }
        return out;
    }

    /** A realm's stored retention; unknown or unreadable entries are ignored (the ceiling applies). */
    public static Map<RetentionCategory, Duration> parseStored(String json) {
        Map<RetentionCategory, Duration> out = new EnumMap<>(RetentionCategory.class);
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonNode node;
        try {
            node = Json.read(json);
        } catch (RuntimeException unreadable) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            RetentionCategory c = RetentionCategory.of(e.getKey());
            if (c != null && e.getValue().canConvertToLong() && e.getValue().asLong() > 0) {
                out.put(c, Duration.ofSeconds(e.getValue().asLong()));
            }
        }
        return out;
    }

    public static String toStored(Map<RetentionCategory, Duration> realm) {
        Map<String, Long> m = new LinkedHashMap<>();
        realm.forEach((c, d) -> m.put(c.id(), d.toSeconds()));
        return Json.write(m);
    }
}
