package io.authio.keycloak.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.authio.core.keys.DataKey;

/**
 * Unwrapped data keys kept in memory on this node, so sealing and opening do not call the KEK (an HSM or KMS
 * round trip) every time. Keyed by KEK id, realm, version and the wrapped text itself: a wrapped data key never
 * changes meaning, so an entry can never be stale on any node of a cluster; a re-wrap or a new version is simply
 * a different key. Bounded in size (least recently used out) and in time: an entry is dropped once its lifetime
 * ends, so a disabled KEK stops this node within that lifetime and an outage is survived for at most that long.
 * Concurrent misses of one key share a single unwrap. Entries live in this map only, never on disk or in a cache
 * that replicates.
 */
public final class DataKeyCache {

    private record Entry(DataKey key, long expiresAt) {
    }

    private final Map<String, Entry> entries;
    private final Map<String, CompletableFuture<DataKey>> inFlight = new ConcurrentHashMap<>();
    private final long lifetimeMillis;
    private final LongSupplier clock;

    public DataKeyCache(int capacity, long lifetimeMillis) {
        this(capacity, lifetimeMillis, System::currentTimeMillis);
    }

    DataKeyCache(int capacity, long lifetimeMillis, LongSupplier clock) {
        this.lifetimeMillis = lifetimeMillis;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public long lifetimeMillis() {
        return lifetimeMillis;
    }

    public DataKey get(String kekId, String realmId, int version, String wrapped, Supplier<DataKey> unwrap) {
        String key = kekId + '\n' + realmId + '\n' + version + '\n' + wrapped;
        synchronized (entries) {
            Entry cached = entries.get(key);
            if (cached != null) {
                if (clock.getAsLong() < cached.expiresAt()) {
                    return cached.key();
                }
                entries.remove(key);
            }
        }
        CompletableFuture<DataKey> mine = new CompletableFuture<>();
        CompletableFuture<DataKey> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            DataKey unwrapped = unwrap.get();
            synchronized (entries) {
                entries.put(key, new Entry(unwrapped, clock.getAsLong() + lifetimeMillis));
            }
            mine.complete(unwrapped);
            return unwrapped;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** When this node's unwrapped copy of the data key expires (epoch millis), or 0 when it holds none. */
    public long expiresAt(String kekId, String realmId, int version, String wrapped) {
        String key = kekId + '\n' + realmId + '\n' + version + '\n' + wrapped;
        synchronized (entries) {
            Entry cached = entries.get(key);
            return cached == null ? 0L : cached.expiresAt();
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
