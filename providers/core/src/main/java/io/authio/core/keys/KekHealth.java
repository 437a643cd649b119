package io.authio.core.keys;

import java.time.Clock;
import java.time.Instant;

/**
 * The outcome of a remote KEK's recent calls on this node, for logs and the health check: healthy, failing
 * since a moment (with the last cause), and whether a failure streak has lasted longer than opened data keys
 * stay cached (from then on the node can no longer open anything it had not opened before).
 */
public final class KekHealth {

    public enum State { UP, DEGRADED, DOWN }

    /** The longest pause between two probes of a failing KEK, so a recovery shows soon. */
    public static final long FAILING_PROBE_INTERVAL_MILLIS = 10_000;

    public record Snapshot(State state, Instant failingSince, Instant lastSuccess, String lastError) {
    }

    /** Told about the first failure of a streak and about the recovery, to log each transition once. */
    public interface Listener {
        void failing(String lastError);

        void recovered(Instant failingSince);
    }

    private final Clock clock;
    private final Listener listener;
    private Instant failingSince;
    private Instant lastSuccess;
    private String lastError;

    public KekHealth(Clock clock, Listener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    public void succeeded() {
        Instant recoveredFrom;
        synchronized (this) {
            lastSuccess = clock.instant();
            recoveredFrom = failingSince;
            failingSince = null;
            lastError = null;
        }
        if (recoveredFrom != null) {
            listener.recovered(recoveredFrom);
        }
    }

    /** Records the failure and returns it, so callers can {@code throw health.failed(e)}. */
    public KekCallException failed(KekCallException e) {
        boolean first;
        synchronized (this) {
            first = failingSince == null;
            if (first) {
                failingSince = clock.instant();
            }
            lastError = e.getMessage();
        }
        if (first) {
            listener.failing(e.getMessage());
        }
        return e;
    }

    /** DOWN once failures have lasted longer than the cache lifetime without a success in between. */
    public synchronized Snapshot snapshot(long cacheMillis) {
        State state = failingSince == null ? State.UP
                : clock.millis() - failingSince.toEpochMilli() >= cacheMillis ? State.DOWN : State.DEGRADED;
        return new Snapshot(state, failingSince, lastSuccess, lastError);
    }

    /** The pause between two probes: the configured one while healthy, at most 10 s while failing. */
    public static long probeInterval(State state, long configuredMillis) {
        return state == State.UP ? configuredMillis : Math.min(FAILING_PROBE_INTERVAL_MILLIS, configuredMillis);
    }
}
