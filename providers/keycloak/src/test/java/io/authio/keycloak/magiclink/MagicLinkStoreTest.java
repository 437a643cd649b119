package io.authio.keycloak.magiclink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

import io.authio.core.magiclink.LinkCheck;
import io.authio.core.magiclink.LinkRecord;
import io.authio.core.magiclink.MagicLinkTokens;

/** What the link store writes to Keycloak's replicated single-use store, over a map with the same contract. */
class MagicLinkStoreTest {

    /** The single-use store's contract, in memory (what matters here is which keys exist). */
    static final class InMemory implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> entries = new HashMap<>();

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, Map.copyOf(notes));
        }

        @Override
        public Map<String, String> get(String key) {
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, Map.copyOf(notes)) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void close() {
        }
    }

    private static LinkRecord record(String root, String tab) {
        long now = Time.currentTimeMillis();
        return new LinkRecord("realm", root, tab, "client", "user-1", "a@x.io", now, now + 600_000);
    }

    private static String digest() {
        return MagicLinkTokens.tokenDigest(MagicLinkTokens.newToken());
    }

    @Test
    void requestsForUnknownAddressesOccupyTwoEntriesHoweverManyThereAre() {
        InMemory cache = new InMemory();
        MagicLinkStore store = new MagicLinkStore(cache);
        for (int i = 0; i < 1_000; i++) {
            store.decoy("realm", digest(), Time.currentTimeMillis() + 600_000);
        }
        assertEquals(2, cache.entries.size(), cache.entries.keySet().toString());
        store.decoy("other-realm", digest(), Time.currentTimeMillis() + 600_000);
        assertEquals(4, cache.entries.size(), "two per realm");
    }

    @Test
    void aNewLinkRevokesOnlyTheOlderLinksOfTheSameBrowser() {
        InMemory cache = new InMemory();
        MagicLinkStore store = new MagicLinkStore(cache);
        String owners = digest();
        LinkRecord owner = record("owner-browser", "tab-1");
        store.issue(owners, owner);
        String strangers = digest();
        store.issue(strangers, record("stranger-browser", "tab-1"));

        assertEquals(LinkCheck.Verdict.VALID, LinkCheck.check(owners, store.find(owners), store.used(owners),
                store.current(owner), "owner-browser", "tab-1", Time.currentTimeMillis()), "another browser's request revokes nothing");

        String again = digest();
        store.issue(again, record("owner-browser", "tab-2"));
        assertEquals(LinkCheck.Verdict.REVOKED, LinkCheck.check(owners, store.find(owners), store.used(owners),
                store.current(owner), "owner-browser", "tab-1", Time.currentTimeMillis()), "the same browser's newer link does");
        assertNotNull(store.consume(again));
        assertNull(store.consume(again), "single use");
    }
}
