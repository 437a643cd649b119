package io.authio.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private final RetentionPolicy policy = new RetentionPolicy(Map.of(RetentionCategory.AUDIT_EVENTS, Duration.ofDays(90)), Duration.ofHours(1));

    @Test
    void aRealmMayShortenACeilingButNotLengthenIt() {
        assertEquals(Map.of(RetentionCategory.AUDIT_EVENTS, Duration.ofDays(30)), policy.validate(Map.of("audit_events", Duration.ofDays(30).toSeconds())));
        assertThrows(IllegalArgumentException.class, () -> policy.validate(Map.of("audit_events", Duration.ofDays(91).toSeconds())));
        assertThrows(IllegalArgumentException.class, () -> policy.validate(Map.of("audit_events", 60L)), "below the realm minimum");
        assertThrows(IllegalArgumentException.class, () -> policy.validate(Map.of("everything", 3600L)));
        Map<String, Long> reset = new HashMap<>();
        reset.put("audit_events", null);
        assertTrue(policy.validate(reset).isEmpty(), "null means the operator's ceiling");
    }

    @Test
    void aLoweredCeilingLowersEveryRealmWithIt() {
        Map<RetentionCategory, Duration> stored = RetentionPolicy.parseStored("{\"audit_events\": 31536000, \"devices\": 7200}");
        assertEquals(Duration.ofDays(90), policy.effective(RetentionCategory.AUDIT_EVENTS, stored));
        assertEquals(Duration.ofHours(2), policy.effective(RetentionCategory.DEVICES, stored));
        assertEquals(RetentionCategory.KEY_ROTATIONS.defaultCeiling(), policy.effective(RetentionCategory.KEY_ROTATIONS, stored));
    }

    @Test
    void storedValuesRoundTripAndGarbageMeansTheCeiling() {
        Map<RetentionCategory, Duration> realm = Map.of(RetentionCategory.FAILED_ATTEMPTS, Duration.ofHours(5));
        assertEquals(realm, RetentionPolicy.parseStored(RetentionPolicy.toStored(realm)));
        assertTrue(RetentionPolicy.parseStored("{not json").isEmpty());
        assertTrue(RetentionPolicy.parseStored("{\"audit_events\": -5, \"nope\": 3}").isEmpty());
        assertEquals("audit-events-seconds", RetentionCategory.AUDIT_EVENTS.option());
    }
}
