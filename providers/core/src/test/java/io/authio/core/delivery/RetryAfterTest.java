package io.authio.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void readsSecondsAndHttpDates() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", now));
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Sun, 22 Nov 2026 10:01:30 GMT", now));
        assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", now));
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertNull(RetryAfter.parse(null, now));
        assertNull(RetryAfter.parse("soon", now));
        assertNull(RetryAfter.parse("-5", now));
        assertEquals(Duration.ofDays(1), RetryAfter.parse("99999999999999999999999", now));
    }
}
