package io.authio.core.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The KEKs one provider offers: the current one wraps new data keys, every one (current and previous)
 * can unwrap. Keeping previous KEKs readable is what makes a KEK rotation a re-wrap rather than an outage.
 */
public final class KekSet {

    private final Kek current;
    private final Map<String, Kek> byId = new LinkedHashMap<>();

    public KekSet(Kek current, List<Kek> previous) {
        this.current = current;
        byId.put(current.id(), current);
        for (Kek kek : previous) {
            if (byId.putIfAbsent(kek.id(), kek) != null) {
                throw new IllegalArgumentException("KEK " + kek.id() + " is listed twice");
            }
        }
    }

    public Kek current() {
        return current;
    }

    public Optional<Kek> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }
}
