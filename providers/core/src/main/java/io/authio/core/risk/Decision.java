package io.authio.core.risk;

import java.util.Locale;
import java.util.Optional;

/** What the engine decides, with the risk level a flow condition compares against. */
public enum Decision {
    ALLOW(Level.LOW), STEP_UP(Level.MEDIUM), DENY(Level.HIGH);

    /** Ordered risk levels: a condition "level at least medium" matches step_up and deny. */
    public enum Level {
        LOW, MEDIUM, HIGH;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Level> of(String id) {
            for (Level l : values()) {
                if (l.id().equals(id)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    private final Level level;

    Decision(Level level) {
        this.level = level;
    }

    public Level level() {
        return level;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Decision> of(String id) {
        for (Decision d : values()) {
            if (d.id().equals(id)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
