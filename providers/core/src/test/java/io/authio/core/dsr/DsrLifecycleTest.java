package io.authio.core.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.authio.core.DomainException;
import io.authio.core.dsr.DsrLifecycle.Take;

class DsrLifecycleTest {

    private static final long LEASE = 60_000;
    private static final long NOW = 1_000_000;

    @ParameterizedTest(name = "{0}, claimed {1} ms ago, sweep {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // a fulfil call
            "PENDING,     -,      false, CLAIM",
            "IN_PROGRESS, 1000,   false, RUNNING",
            "IN_PROGRESS, 60000,  false, CLAIM",
            "IN_PROGRESS, -,      false, CLAIM",
            "COMPLETED,   -,      false, COMPLETED",
            // the sweep resumes only runs whose lease expired
            "PENDING,     -,      true,  RUNNING",
            "IN_PROGRESS, 1000,   true,  RUNNING",
            "IN_PROGRESS, 60001,  true,  CLAIM",
            "IN_PROGRESS, -,      true,  CLAIM",
            "COMPLETED,   -,      true,  COMPLETED"})
    void aRequestIsTakenOnlyWhenNoRunHoldsALiveLease(DsrStatus status, Long ago, boolean sweep, Take expected) {
        assertEquals(expected, DsrLifecycle.take(status, ago == null ? null : NOW - ago, LEASE, NOW, sweep));
    }

    @Test
    void aCancelledRequestCannotBeFulfilled() {
        for (boolean sweep : new boolean[] {false, true}) {
            DomainException e = assertThrows(DomainException.class, () -> DsrLifecycle.take(DsrStatus.CANCELLED, null, LEASE, NOW, sweep));
            assertEquals(DomainException.Kind.CONFLICT, e.kind());
            assertEquals("the request was cancelled", e.description());
        }
    }

    @Test
    void onlyAPendingRequestIsCancelledAndCancellingTwiceChangesNothing() {
        assertTrue(DsrLifecycle.cancel(DsrStatus.PENDING));
        assertFalse(DsrLifecycle.cancel(DsrStatus.CANCELLED));
        for (DsrStatus s : new DsrStatus[] {DsrStatus.IN_PROGRESS, DsrStatus.COMPLETED}) {
            DomainException e = assertThrows(DomainException.class, () -> DsrLifecycle.cancel(s));
            assertEquals(DomainException.Kind.CONFLICT, e.kind());
            assertEquals("only pending requests can be cancelled (this one is " + s.value() + ")", e.description());
        }
    }

    @Test
    void aFailedRunIsRetriedUntilItsAttemptsAreUsedThenTheRequestIsPendingAgain() {
        assertEquals(DsrStatus.IN_PROGRESS, DsrLifecycle.afterFailure(1, 5));
        assertEquals(DsrStatus.IN_PROGRESS, DsrLifecycle.afterFailure(4, 5));
        assertEquals(DsrStatus.PENDING, DsrLifecycle.afterFailure(5, 5));
        assertEquals(DsrStatus.PENDING, DsrLifecycle.afterFailure(1, 1));
    }

    @Test
    void onlyTheRunThatOwnsTheLeaseOfAnInProgressRequestHoldsIt() {
        assertTrue(DsrLifecycle.held(DsrStatus.IN_PROGRESS, "run-1", "run-1"));
        assertFalse(DsrLifecycle.held(DsrStatus.IN_PROGRESS, "run-2", "run-1"));
        assertFalse(DsrLifecycle.held(DsrStatus.IN_PROGRESS, null, "run-1"));
        assertFalse(DsrLifecycle.held(DsrStatus.PENDING, "run-1", "run-1"), "a run released by the failure limit holds nothing");
        assertFalse(DsrLifecycle.held(DsrStatus.COMPLETED, "run-1", "run-1"));
        assertFalse(DsrLifecycle.held(null, "run-1", "run-1"));
    }

    @Test
    void theLeaseLivesForItsLengthSinceTheLastRenewal() {
        assertTrue(DsrLifecycle.leaseLive(NOW - LEASE + 1, LEASE, NOW));
        assertFalse(DsrLifecycle.leaseLive(NOW - LEASE, LEASE, NOW));
        assertFalse(DsrLifecycle.leaseLive(null, LEASE, NOW));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "PENDING, IN_PROGRESS, true", "PENDING, CANCELLED, true", "PENDING, COMPLETED, false", "PENDING, PENDING, false",
            "IN_PROGRESS, IN_PROGRESS, true", "IN_PROGRESS, COMPLETED, true", "IN_PROGRESS, PENDING, true", "IN_PROGRESS, CANCELLED, false",
            "COMPLETED, PENDING, false", "COMPLETED, IN_PROGRESS, false", "COMPLETED, CANCELLED, false",
            "CANCELLED, PENDING, false", "CANCELLED, IN_PROGRESS, false", "CANCELLED, COMPLETED, false"})
    void theMachineAllowsOnlyItsMovesAndFinalStatesStayFinal(DsrStatus from, DsrStatus to, boolean allowed) {
        assertEquals(allowed, DsrLifecycle.allowed(from, to));
        if (allowed) {
            assertEquals(to, DsrLifecycle.move(from, to));
        } else {
            assertThrows(IllegalStateException.class, () -> DsrLifecycle.move(from, to));
        }
    }

    @Test
    void aPollerWaitsOnlyWhileARunHoldsTheRequest() {
        assertTrue(DsrLifecycle.running(DsrStatus.IN_PROGRESS));
        assertFalse(DsrLifecycle.running(DsrStatus.PENDING));
        assertFalse(DsrLifecycle.running(DsrStatus.COMPLETED));
        assertFalse(DsrLifecycle.running(null));
    }
}
