package io.authio.core.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which event types a destination receives: a list of exact types ({@code user.login.failed}), dotted
 * prefixes with a wildcard ({@code user.*}, {@code user.login.*}) or {@code *} for everything.
 */
public final class EventFilter {

    private static final Pattern PATTERN = Pattern.compile("^(\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?)$");
    public static final int MAX_PATTERNS = 50;

    private final List<String> patterns;

    private EventFilter(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Validates the patterns; throws IllegalArgumentException naming the first bad one. */
    public static EventFilter of(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw new IllegalArgumentException("at least one event type pattern is required (use \"*\" for all)");
        }
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("at most " + MAX_PATTERNS + " event type patterns");
        }
        List<String> clean = new ArrayList<>();
        for (String p : patterns) {
            if (p == null || p.length() > 100 || !PATTERN.matcher(p).matches()) {
                throw new IllegalArgumentException("invalid event type pattern: " + (p == null ? "null"
                        : p.length() > 100 ? p.substring(0, 100) + "..." : p) + " (e.g. \"user.login.failed\", \"user.*\", \"*\")");
            }
            if (!clean.contains(p)) {
                clean.add(p);
            }
        }
        return new EventFilter(clean);
    }

    /** Parses the stored form: patterns separated by spaces. */
    public static EventFilter parse(String stored) {
        return of(List.of(stored.trim().split("\\s+")));
    }

    public String stored() {
        return String.join(" ", patterns);
    }

    public List<String> patterns() {
        return patterns;
    }

    public boolean matches(String type) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(type)) {
                return true;
            }
            if (p.endsWith(".*") && type.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
