package io.authio.keycloak.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.authio.core.keys.DataKey;

/** The node's unwrapped data keys: bounded in time, one KEK call per miss however many callers wait for it. */
class DataKeyCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DataKeyCache cache = new DataKeyCache(100, 30_000, now::get);

    @Test
    void anEntryIsReusedForItsLifetimeAndUnwrappedAgainAfterIt() {
        AtomicInteger unwraps = new AtomicInteger();
        DataKey key = DataKey.generate(1);
        DataKey first = cache.get("aws-kms:k", "realm", 1, "k1.x", () -> {
            unwraps.incrementAndGet();
            return key;
        });
        now.addAndGet(29_999);
        assertSame(first, cache.get("aws-kms:k", "realm", 1, "k1.x", () -> {
            unwraps.incrementAndGet();
            return DataKey.generate(1);
        }));
        assertEquals(1, unwraps.get(), "within the lifetime the KEK is not asked");
        assertEquals(1_030_000, cache.expiresAt("aws-kms:k", "realm", 1, "k1.x"));

        now.addAndGet(1);
        cache.get("aws-kms:k", "realm", 1, "k1.x", () -> {
            unwraps.incrementAndGet();
            return key;
        });
        assertEquals(2, unwraps.get(), "at the end of the lifetime the KEK is asked again");
        assertEquals(1_060_000, cache.expiresAt("aws-kms:k", "realm", 1, "k1.x"));
    }

    @Test
    void anotherWrappingOrKekOrRealmIsAnotherEntry() {
        cache.get("aws-kms:k", "realm", 1, "k1.x", () -> DataKey.generate(1));
        assertEquals(0, cache.expiresAt("aws-kms:k", "realm", 1, "k1.y"));
        assertEquals(0, cache.expiresAt("aws-kms:other", "realm", 1, "k1.x"));
        assertEquals(0, cache.expiresAt("aws-kms:k", "other-realm", 1, "k1.x"));
        assertEquals(0, cache.expiresAt("aws-kms:k", "realm", 2, "k1.x"));
    }

    @Test
    void concurrentMissesOfOneKeyShareASingleUnwrap() throws Exception {
        AtomicInteger unwraps = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(8);
        DataKey key = DataKey.generate(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DataKey>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    arrived.countDown();
                    return cache.get("aws-kms:k", "realm", 1, "k1.x", () -> {
                        unwraps.incrementAndGet();
                        try {
                            release.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return key;
                    });
                }));
            }
            arrived.await(5, TimeUnit.SECONDS);
            Thread.sleep(300); // every caller is now waiting on the one unwrap in flight
            release.countDown();
            for (Future<DataKey> result : results) {
                assertSame(key, result.get(5, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, unwraps.get());
    }

    @Test
    void aFailedUnwrapIsNotKeptAndTheNextCallAsksTheKekAgain() {
        IllegalStateException outage = new IllegalStateException("KMS unreachable");
        assertSame(outage, assertThrows(IllegalStateException.class, () -> cache.get("aws-kms:k", "realm", 1, "k1.x", () -> {
            throw outage;
        })));
        assertEquals(0, cache.expiresAt("aws-kms:k", "realm", 1, "k1.x"));
        DataKey key = DataKey.generate(1);
        assertSame(key, cache.get("aws-kms:k", "realm", 1, "k1.x", () -> key));
    }
}
