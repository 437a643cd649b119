package io.authio.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final Random random = new Random(7);

    @Test
    void theStandardScheduleHasTenAttemptsThenDeadLetters() {
        RetrySchedule s = RetrySchedule.standard();
        assertEquals(10, s.attempts());
        long[] expectedSeconds = {5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400};
        for (int failed = 1; failed < 10; failed++) {
            long millis = s.delayAfter(failed, null, random).toMillis();
            long base = expectedSeconds[failed - 1] * 1000;
            assertTrue(millis >= base * 0.9 && millis <= base * 1.1, "attempt " + (failed + 1) + ": " + millis);
        }
        assertNull(s.delayAfter(10, null, random), "after the tenth failure the message is dead");
    }

    @Test
    void retryAfterIsHonouredWhenLongerAndCappedAtADay() {
        RetrySchedule s = RetrySchedule.parse("0s,1s,1s");
        assertEquals(Duration.ofSeconds(120), s.delayAfter(1, Duration.ofSeconds(120), random));
        assertTrue(s.delayAfter(1, Duration.ofMillis(1), random).toMillis() >= 900);
        assertEquals(Duration.ofHours(24), RetrySchedule.standard().delayAfter(1, Duration.ofDays(30), random));
    }

    @Test
    void badSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("5 minutes"));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("0s,,5s"));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("-1s"));
    }
}
