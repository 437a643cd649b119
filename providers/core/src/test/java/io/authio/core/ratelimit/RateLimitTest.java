package io.authio.core.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final RateLimit fivePerMinute = new RateLimit("test", 5, Duration.ofMinutes(1));

    @Test
    void aBurstOfTheLimitPassesThenTheNextIsRefusedWithTheWaitUntilATokenReturns() {
        long now = 1_000_000L;
        long tat = -1;
        for (int i = 0; i < 5; i++) {
            RateLimit.Decision d = fivePerMinute.decide(now, tat);
            assertTrue(d.allowed(), "event " + i);
            assertEquals(4 - i, d.remaining());
            tat = d.newTat();
        }
        RateLimit.Decision refused = fivePerMinute.decide(now, tat);
        assertFalse(refused.allowed());
        assertEquals(12_000L, refused.retryAfterMillis(), "one interval (60 s / 5) until the next token");
        assertEquals(tat, refused.newTat(), "a refusal does not consume");

        assertFalse(fivePerMinute.decide(now + 11_999, tat).allowed());
        assertTrue(fivePerMinute.decide(now + 12_000, tat).allowed());
    }

    @Test
    void anIdleKeyRecoversItsWholeBurst() {
        long tat = -1;
        long now = 0;
        for (int i = 0; i < 5; i++) {
            tat = fivePerMinute.decide(now, tat).newTat();
        }
        RateLimit.Decision later = fivePerMinute.decide(now + 3_600_000, tat);
        assertTrue(later.allowed());
        assertEquals(4, later.remaining());
    }

    @Test
    void overAnyWindowNoMoreThanLimitPlusElapsedRatePass() {
        Random random = new Random(42);
        long now = 0;
        long tat = -1;
        int allowed = 0;
        long horizon = 10 * 60_000L;
        while (now < horizon) {
            now += random.nextInt(3000);
            RateLimit.Decision d = fivePerMinute.decide(now, tat);
            if (d.allowed()) {
                allowed++;
                tat = d.newTat();
            }
        }
        assertTrue(allowed <= 5 + horizon / 12_000 + 1, "allowed " + allowed);
        assertTrue(allowed >= horizon / 12_000 - 1, "the sustained rate is available: " + allowed);
    }

    @Test
    void nonsenseLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimit("x", 0, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit("x", 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RateLimit("Not Valid", 1, Duration.ofSeconds(1)));
    }
}
