package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KekHealthTest {

    private static final long CACHE_MILLIS = 40_000;

    private final List<String> told = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final KekHealth health = new KekHealth(new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }, new KekHealth.Listener() {
        @Override
        public void failing(String lastError) {
            told.add("failing: " + lastError);
        }

        @Override
        public void recovered(Instant failingSince) {
            told.add("recovered from " + failingSince);
        }
    });

    @Test
    void aFailureStreakIsDegradedWithinTheCacheLifetimeDownPastItAndUpAfterOneSuccess() {
        assertEquals(KekHealth.State.UP, health.snapshot(CACHE_MILLIS).state());
        Instant start = now;
        health.failed(new KekCallException(KekCallException.Cause.UNREACHABLE, "unreachable"));
        now = now.plusMillis(CACHE_MILLIS - 1);
        health.failed(new KekCallException(KekCallException.Cause.UNREACHABLE, "still unreachable"));
        KekHealth.Snapshot degraded = health.snapshot(CACHE_MILLIS);
        assertEquals(KekHealth.State.DEGRADED, degraded.state());
        assertEquals(start, degraded.failingSince(), "the streak counts from its first failure");
        assertEquals("still unreachable", degraded.lastError());
        now = now.plusMillis(1);
        assertEquals(KekHealth.State.DOWN, health.snapshot(CACHE_MILLIS).state());
        health.succeeded();
        KekHealth.Snapshot up = health.snapshot(CACHE_MILLIS);
        assertEquals(KekHealth.State.UP, up.state());
        assertNull(up.failingSince());
        assertEquals(List.of("failing: unreachable", "recovered from " + start), told, "each transition is told once");
    }

    @Test
    void aHealthyKekIsProbedAtTheConfiguredPaceAFailingOneAtLeastEveryTenSeconds() {
        assertEquals(60_000, KekHealth.probeInterval(KekHealth.State.UP, 60_000));
        assertEquals(10_000, KekHealth.probeInterval(KekHealth.State.DEGRADED, 60_000));
        assertEquals(10_000, KekHealth.probeInterval(KekHealth.State.DOWN, 60_000));
        assertEquals(5_000, KekHealth.probeInterval(KekHealth.State.DEGRADED, 5_000), "never slower than configured");
    }
}
