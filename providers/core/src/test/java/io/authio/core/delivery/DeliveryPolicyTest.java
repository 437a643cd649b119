package io.authio.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.authio.core.delivery.DeliveryPolicy.Action;
import io.authio.core.delivery.DeliveryPolicy.Change;
import io.authio.core.delivery.DeliveryPolicy.DestinationState;
import io.authio.core.delivery.DeliveryPolicy.Status;

class DeliveryPolicyTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final Duration DISABLE_AFTER = Duration.ofDays(5);

    private final DeliveryPolicy policy = new DeliveryPolicy(RetrySchedule.parse("0s,10s,1m"), DISABLE_AFTER, new Random(3));

    @Test
    void aClaimSendsToAnEnabledDestination() {
        assertEquals(Action.SEND, policy.atClaim(DestinationState.ENABLED, null).action());
        assertNull(policy.atClaim(DestinationState.ENABLED, null).reason());
    }

    @Test
    void aClaimLeavesMessagesOfAnUnloadableDestinationPendingWithTheReason() {
        DeliveryPolicy.AtClaim v = policy.atClaim(DestinationState.UNLOADABLE, "IllegalStateException: no data key");
        assertEquals(Action.WAIT, v.action());
        assertEquals("destination could not be loaded (IllegalStateException: no data key); will retry", v.reason());
    }

    @Test
    void aClaimDeadLettersMessagesOfDeletedAndDisabledDestinationsAndOfErasedEvents() {
        assertEquals(new DeliveryPolicy.AtClaim(Action.DEAD, "destination deleted"), policy.atClaim(DestinationState.DELETED, null));
        assertEquals(new DeliveryPolicy.AtClaim(Action.DEAD, "destination disabled"), policy.atClaim(DestinationState.DISABLED, null));
        assertEquals(new DeliveryPolicy.AtClaim(Action.DEAD, "event no longer exists"), policy.eventMissing());
    }

    @Test
    void aSuccessfulAttemptDeliversWhateverTheAttemptNumber() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            DeliveryPolicy.AfterAttempt a = policy.afterAttempt(true, attempt, Duration.ofHours(1), NOW);
            assertEquals(Status.DELIVERED, a.status());
            assertNull(a.nextAttemptAt());
        }
    }

    @Test
    void aFailedAttemptIsRetriedAtTheSchedulesNextDelayUntilTheLastThenDead() {
        DeliveryPolicy.AfterAttempt first = policy.afterAttempt(false, 1, null, NOW);
        assertEquals(Status.RETRY, first.status());
        assertTrue(first.nextAttemptAt() >= NOW + 9_000 && first.nextAttemptAt() <= NOW + 11_000, "10 s ± 10 %: " + (first.nextAttemptAt() - NOW));
        DeliveryPolicy.AfterAttempt second = policy.afterAttempt(false, 2, null, NOW);
        assertEquals(Status.RETRY, second.status());
        assertTrue(second.nextAttemptAt() >= NOW + 54_000 && second.nextAttemptAt() <= NOW + 66_000, "1 min ± 10 %");
        DeliveryPolicy.AfterAttempt third = policy.afterAttempt(false, 3, null, NOW);
        assertEquals(Status.DEAD, third.status());
        assertNull(third.nextAttemptAt());
    }

    @Test
    void aReceiversRetryAfterPostponesTheNextAttemptButNeverRevivesADeadMessage() {
        assertEquals(NOW + 3_600_000, policy.afterAttempt(false, 1, Duration.ofHours(1), NOW).nextAttemptAt());
        assertEquals(Status.DEAD, policy.afterAttempt(false, 3, Duration.ofSeconds(1), NOW).status());
    }

    @Test
    void aHealthyDestinationThatDeliveredNeedsNoRead() {
        assertTrue(DeliveryPolicy.staysHealthy(false, 1, null));
        assertFalse(DeliveryPolicy.staysHealthy(true, 1, null), "a 410 disables even when something got through");
        assertFalse(DeliveryPolicy.staysHealthy(false, 0, null), "nothing got through: the failure clock may start");
        assertFalse(DeliveryPolicy.staysHealthy(false, 3, NOW - 1), "a failing destination recovers: its row changes");
    }

    @Test
    void healthyStaysHealthyAndFailingRecoversOnADelivery() {
        assertEquals(Change.NONE, policy.health(false, 2, null, null, NOW).change());
        assertEquals(Change.RECOVERED, policy.health(false, 1, NOW - 60_000, "HTTP 500", NOW).change());
    }

    @Test
    void theFirstFailureStartsTheClockAndFailuresWithinTheLimitChangeNothing() {
        assertEquals(Change.FAILING, policy.health(false, 0, null, "HTTP 503", NOW).change());
        assertEquals(Change.NONE, policy.health(false, 0, NOW - DISABLE_AFTER.toMillis(), "HTTP 503", NOW).change(),
                "exactly at the limit is not yet past it");
    }

    @Test
    void failuresLongerThanTheLimitDisableWithTheSinceTimeAndTheLastErrorShortened() {
        long since = NOW - DISABLE_AFTER.toMillis() - 1;
        DeliveryPolicy.Health h = policy.health(false, 0, since, "x".repeat(150), NOW);
        assertEquals(Change.DISABLE, h.change());
        assertEquals("deliveries failed continuously since " + java.time.Instant.ofEpochMilli(since) + " (last error: "
                + "x".repeat(100) + ")", h.reason());
    }

    @Test
    void a410DisablesAtOnceWhateverElseHappened() {
        assertEquals(new DeliveryPolicy.Health(Change.DISABLE, "the receiver answered 410 Gone"), policy.health(true, 0, null, "HTTP 410", NOW));
        assertEquals(Change.DISABLE, policy.health(true, 5, NOW - 1, null, NOW).change());
    }
}
