package io.authio.core.ratelimit;

import java.time.Duration;

/**
 * A limit of {@code limit} events per {@code period}, enforced with GCRA (the generic cell rate
 * algorithm, equivalent to a token bucket of size {@code limit} refilled at {@code limit/period}). Only
 * one number per key is stored: the theoretical arrival time (TAT) of the next event.
 */
public record RateLimit(String name, int limit, Duration period) {

    public RateLimit {
        if (name == null || !name.matches("[a-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("rate limit names are short lower-case identifiers: " + name);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    /** Time between events at the sustained rate, in milliseconds (at least 1). */
    public long emissionIntervalMillis() {
        return Math.max(1, period.toMillis() / limit);
    }

    /** How far ahead of now the TAT may run: {@code limit - 1} intervals, i.e. a burst of {@code limit}. */
    public long burstToleranceMillis() {
        return emissionIntervalMillis() * (limit - 1L);
    }

    /** One decision: whether the event may happen, the TAT to store if so, and when to retry if not. */
    public record Decision(boolean allowed, long newTat, long retryAfterMillis, int remaining) {
    }

    /**
     * Decides one event at {@code now} given the stored TAT (or a negative value when the key has no
     * history). Pure: the caller stores {@link Decision#newTat()} only when allowed, atomically against
     * the TAT it read.
     */
    public Decision decide(long now, long storedTat) {
        long interval = emissionIntervalMillis();
        long tolerance = burstToleranceMillis();
        long tat = storedTat < 0 ? now : Math.max(storedTat, now);
        long allowAt = tat - tolerance;
        if (now < allowAt) {
            return new Decision(false, storedTat, allowAt - now, 0);
        }
        long newTat = tat + interval;
        int remaining = (int) Math.max(0, (tolerance - (newTat - now - interval)) / interval);
        return new Decision(true, newTat, 0, Math.min(remaining, limit - 1));
    }
}
