package io.authio.keycloak.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.authio.core.keys.DataKey;

/**
 * Unwrapped data keys kept in memory on this node, so sealing and opening do not call the KEK (an HSM
 * round trip) every time. Keyed by KEK id, realm, version and the wrapped text itself: a wrapped data key
 * never changes meaning, so an entry can never be stale on any node of a cluster; a re-wrap or a new
 * version is simply a different key. Bounded, least recently used first out.
 */
public final class DataKeyCache {

    private final Map<String, DataKey> entries;

    public DataKeyCache(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DataKey> eldest) {
                return size() > capacity;
            }
        };
    }

    public DataKey get(String kekId, String realmId, int version, String wrapped, Supplier<DataKey> unwrap) {
        String key = kekId + '\n' + realmId + '\n' + version + '\n' + wrapped;
        synchronized (entries) {
            DataKey cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        DataKey unwrapped = unwrap.get();
        synchronized (entries) {
            entries.put(key, unwrapped);
        }
        return unwrapped;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
