package io.authio.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;

/**
 * What the outbox does with a message and its destination, decided without any I/O: whether a claimed message is
 * sent, waits or is dead-lettered; after an attempt, whether it is delivered, tried again (when) or dead; and how a
 * destination's health moves (healthy, failing since, disabled). The dispatcher's glue reads and writes the rows.
 */
public final class DeliveryPolicy {

    /** What a claim does with a due message. */
    public enum Action {
        /** send it now */
        SEND,
        /** not an attempt: leave it pending for one lease, then look again */
        WAIT,
        /** dead-letter it without an attempt */
        DEAD
    }

    /** A claim's verdict on one message, with the reason recorded on the row for WAIT and DEAD. */
    public record AtClaim(Action action, String reason) {
        static final AtClaim SEND = new AtClaim(Action.SEND, null);
    }

    /** A destination as a claim finds it. */
    public enum DestinationState { ENABLED, DISABLED, DELETED, UNLOADABLE }

    /** Where a message stands after an attempt. */
    public enum Status { DELIVERED, RETRY, DEAD }

    /** The message after an attempt; {@code nextAttemptAt} is set for RETRY only. */
    public record AfterAttempt(Status status, Long nextAttemptAt) {
    }

    /** How a destination's health changes after a group of attempts. */
    public enum Change {
        /** nothing to write */
        NONE,
        /** a delivery got through: no longer failing */
        RECOVERED,
        /** the first failure after being healthy: failing from now */
        FAILING,
        /** disable it and dead-letter what it still has pending */
        DISABLE
    }

    /** A health change and, for DISABLE, the reason shown to administrators. */
    public record Health(Change change, String reason) {
        static final Health NONE = new Health(Change.NONE, null);
        static final Health RECOVERED = new Health(Change.RECOVERED, null);
        static final Health FAILING = new Health(Change.FAILING, null);
    }

    private final RetrySchedule schedule;
    private final Duration disableAfter;
    private final Random random;

    public DeliveryPolicy(RetrySchedule schedule, Duration disableAfter, Random random) {
        this.schedule = Objects.requireNonNull(schedule);
        this.disableAfter = Objects.requireNonNull(disableAfter);
        this.random = Objects.requireNonNull(random);
    }

    /**
     * A claim's verdict on a due message of a destination in {@code state}. A destination that cannot be loaded now
     * (a secret that cannot be opened, a malformed setting) keeps its messages pending until it can; only a deleted or
     * disabled one dead-letters them.
     *
     * @param loadError why the destination could not be loaded (UNLOADABLE only)
     */
    public AtClaim atClaim(DestinationState state, String loadError) {
        return switch (state) {
            case ENABLED -> AtClaim.SEND;
            case UNLOADABLE -> new AtClaim(Action.WAIT, "destination could not be loaded (" + loadError + "); will retry");
            case DELETED -> new AtClaim(Action.DEAD, "destination deleted");
            case DISABLED -> new AtClaim(Action.DEAD, "destination disabled");
        };
    }

    /** The verdict on a message whose event is gone (erased or purged) by the time it is claimed. */
    public AtClaim eventMissing() {
        return new AtClaim(Action.DEAD, "event no longer exists");
    }

    /**
     * The message after its attempt number {@code attempts} (1 for the first): delivered, due again after the
     * schedule's next delay (or later when the receiver asked with Retry-After), or dead after the schedule's last.
     */
    public AfterAttempt afterAttempt(boolean delivered, int attempts, Duration retryAfter, long now) {
        if (delivered) {
            return new AfterAttempt(Status.DELIVERED, null);
        }
        Duration delay = schedule.delayAfter(attempts, retryAfter, random);
        return delay == null ? new AfterAttempt(Status.DEAD, null) : new AfterAttempt(Status.RETRY, now + delay.toMillis());
    }

    /**
     * Whether a group's outcome leaves a destination that was healthy at claim time as it is, so that recording it
     * needs no read of the destination row (the common case): something got through and the receiver did not say 410.
     */
    public static boolean staysHealthy(boolean gone, int delivered, Long failingSinceAtClaim) {
        return !gone && delivered > 0 && failingSinceAtClaim == null;
    }

    /**
     * The destination's health after a group of attempts: a 410 disables it at once; a delivery clears a failure; the
     * first failure starts the clock; failures that went on longer than {@code disableAfter} disable it.
     *
     * @param failingSince as stored now (null when healthy)
     * @param lastError    the group's last error, quoted (shortened) in the reason
     */
    public Health health(boolean gone, int delivered, Long failingSince, String lastError, long now) {
        if (gone) {
            return new Health(Change.DISABLE, "the receiver answered 410 Gone");
        }
        if (delivered > 0) {
            return failingSince == null ? Health.NONE : Health.RECOVERED;
        }
        if (failingSince == null) {
            return Health.FAILING;
        }
        if (now - failingSince > disableAfter.toMillis()) {
            return new Health(Change.DISABLE, "deliveries failed continuously since " + Instant.ofEpochMilli(failingSince)
                    + " (last error: " + (lastError == null || lastError.length() <= 100 ? lastError : lastError.substring(0, 100)) + ")");
        }
        return Health.NONE;
    }
}
