package io.authio.core.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventFilterTest {

    @Test
    void wildcardsMatchWholeSegments() {
        EventFilter f = EventFilter.of(List.of("user.login.*", "admin.user.created"));
        assertTrue(f.matches("user.login.failed"));
        assertTrue(f.matches("user.login.succeeded"));
        assertTrue(f.matches("admin.user.created"));
        assertFalse(f.matches("user.logout"));
        assertFalse(f.matches("user.login"));
        assertFalse(f.matches("admin.user.deleted"));
        assertTrue(EventFilter.of(List.of("*")).matches("anything.at.all"));
    }

    @Test
    void theStoredFormRoundTrips() {
        EventFilter f = EventFilter.of(List.of("user.*", "risk.denied", "user.*"));
        assertEquals("user.* risk.denied", f.stored());
        assertEquals(f.patterns(), EventFilter.parse(f.stored()).patterns());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "USER.*", "user.**", "*.login", "user.*.failed", "user login", "user.%", "user.'--"})
    void malformedPatternsAreRejected(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of(pattern)));
    }

    @Test
    void anEmptyFilterIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(List.of()));
    }
}
