package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class FailureOriginsTest {

    private static RiskProfile home() {
        RiskProfile p = RiskProfile.empty();
        p.recordSuccess(Instant.parse("2026-11-30T10:00:00Z"), "62.96.40.1", null, null, null);
        return p;
    }

    @Test
    void strangersElsewhereAreCountedAndTheOwnersPlacesAndThisAddressAreNot() {
        List<FailureOrigins.Group> groups = List.of(
                new FailureOrigins.Group("127.0.0.2", false, 1), // a stranger
                new FailureOrigins.Group("127.0.0.3", false, 1), // another address of the stranger
                new FailureOrigins.Group("127.0.0.4", true, 2), // one of the account's devices, wherever it is
                new FailureOrigins.Group("62.96.40.77", false, 3), // the home network
                new FailureOrigins.Group("198.51.100.9", false, 4)); // this attempt's own address
        assertEquals(2, FailureOrigins.fromElsewhere(11, groups, home(), "198.51.100.9"));
    }

    @Test
    void failuresBeyondTheGroupsReadCountAsElsewhere() {
        List<FailureOrigins.Group> groups = List.of(new FailureOrigins.Group("62.96.40.1", false, 3));
        assertEquals(97, FailureOrigins.fromElsewhere(100, groups, home(), "62.96.40.1"));
    }

    @Test
    void anAccountWithoutHistoryKnowsOnlyThisAddress() {
        List<FailureOrigins.Group> groups = List.of(new FailureOrigins.Group("62.96.40.1", false, 3),
                new FailureOrigins.Group("203.0.113.5", false, 2));
        assertEquals(3, FailureOrigins.fromElsewhere(5, groups, RiskProfile.empty(), "203.0.113.5"));
        assertEquals(0, FailureOrigins.fromElsewhere(0, List.of(), RiskProfile.empty(), null));
    }
}
