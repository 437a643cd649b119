package io.authio.core.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A node-local memo of secrets opened for delivery, keyed by everything the sealed value is bound
 * to (realm, purpose, record) and by the sealed text itself. A rotation or re-seal writes a new sealed text,
 * so an entry can never serve a stale secret; entries also expire, so an opened secret does not outlive a
 * few minutes of disuse in memory. Opening costs a data-key lookup in the database and a decryption, which
 * per claim of a few messages was a good share of the dispatcher's CPU.
 */
public final class OpenedSecrets {

    private static final int MAX_ENTRIES = 1024;

    private record Entry(String plaintext, long expiresAt) {
    }

    private final long ttlMillis;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public OpenedSecrets(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /** The plaintext of {@code sealed}, opened by {@code open} when not memoized (or expired). */
    public String get(String realmId, String purpose, String recordId, String sealed, long now, Supplier<String> open) {
        String key = realmId + '\u0000' + purpose + '\u0000' + recordId + '\u0000' + sealed;
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e != null && e.expiresAt() > now) {
                return e.plaintext();
            }
        }
        String plaintext = open.get();
        synchronized (entries) {
            entries.put(key, new Entry(plaintext, now + ttlMillis));
        }
        return plaintext;
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
