package io.authio.core.dsr;

import io.authio.core.DomainException;

/**
 * The one state machine of a request's {@link DsrStatus}: which moves are allowed from which state, decided here and
 * carried out by the glue under the request's row lock.
 *
 * <ul>
 * <li>pending → in_progress: a fulfil call takes it (and in_progress → in_progress: a run whose lease expired is
 * taken over);</li>
 * <li>in_progress → completed: the run finished;</li>
 * <li>in_progress → pending: the export upload failed, or the run failed {@code maxAttempts} times;</li>
 * <li>pending → cancelled: cancelled before anyone fulfilled it.</li>
 * </ul>
 * Completed and cancelled are final. A run holds an in-progress request by a lease (its run id and the time it last
 * renewed it); a lease not renewed within its length expired, and the request may be taken over.
 */
public final class DsrLifecycle {

    /** What a fulfil call (or the sweep's resumption) may do with the request now. */
    public enum Take {
        /** Take the request: it becomes in progress under the caller's new lease. */
        CLAIM,
        /** Leave it: a run holds a live lease (or, for the sweep, there is nothing to resume). */
        RUNNING,
        /** Nothing left to do. */
        COMPLETED
    }

    private DsrLifecycle() {
    }

    /**
     * Whether a fulfil call ({@code resumeOnly} false) or the sweep ({@code resumeOnly} true) may take the request.
     * The sweep only takes over in-progress requests whose lease expired; a cancelled request is a conflict.
     *
     * @param claimedAt when the current lease was last renewed, null when no run holds it
     */
    public static Take take(DsrStatus status, Long claimedAt, long leaseMillis, long now, boolean resumeOnly) {
        if (status == DsrStatus.COMPLETED) {
            return Take.COMPLETED;
        }
        if (status == DsrStatus.CANCELLED) {
            throw DomainException.conflict("the request was cancelled");
        }
        if (status == DsrStatus.IN_PROGRESS && leaseLive(claimedAt, leaseMillis, now)) {
            return Take.RUNNING;
        }
        if (resumeOnly && status != DsrStatus.IN_PROGRESS) {
            return Take.RUNNING;
        }
        return Take.CLAIM;
    }

    /** Whether a lease renewed at {@code claimedAt} still holds at {@code now}. */
    public static boolean leaseLive(Long claimedAt, long leaseMillis, long now) {
        return claimedAt != null && claimedAt + leaseMillis > now;
    }

    /** Whether the run {@code runId} holds the request: it is in progress and the run owns its lease. */
    public static boolean held(DsrStatus status, String leaseOwner, String runId) {
        return status == DsrStatus.IN_PROGRESS && runId != null && runId.equals(leaseOwner);
    }

    /**
     * Whether a cancel changes the request: true for a pending one (it becomes cancelled), false for one already
     * cancelled (cancelling again is a no-op); anything else is a conflict, as is every state not pending.
     */
    public static boolean cancel(DsrStatus status) {
        if (status == DsrStatus.CANCELLED) {
            return false;
        }
        if (status != DsrStatus.PENDING) {
            throw DomainException.conflict("only pending requests can be cancelled (this one is " + status.value() + ")");
        }
        return true;
    }

    /**
     * The state after a run failed for the {@code attempts}-th time: still in progress (the sweep retries once the
     * lease expires) until {@code maxAttempts}, then pending again for someone to fulfil it anew.
     */
    public static DsrStatus afterFailure(int attempts, int maxAttempts) {
        return attempts >= maxAttempts ? DsrStatus.PENDING : DsrStatus.IN_PROGRESS;
    }

    /** Whether the machine allows the move (a self-move only for a run taking over an in-progress request). */
    public static boolean allowed(DsrStatus from, DsrStatus to) {
        return switch (from) {
            case PENDING -> to == DsrStatus.IN_PROGRESS || to == DsrStatus.CANCELLED;
            case IN_PROGRESS -> to == DsrStatus.IN_PROGRESS || to == DsrStatus.COMPLETED || to == DsrStatus.PENDING;
            case COMPLETED, CANCELLED -> false;
        };
    }

    /** {@code to}, after checking the move is allowed; a disallowed move is a bug in the caller, never input. */
    public static DsrStatus move(DsrStatus from, DsrStatus to) {
        if (from == null || !allowed(from, to)) {
            throw new IllegalStateException("a request cannot move from " + (from == null ? "nowhere" : from.value()) + " to " + to.value());
        }
        return to;
    }

    /** Whether a poller waiting for a run should keep waiting. */
    public static boolean running(DsrStatus status) {
        return status == DsrStatus.IN_PROGRESS;
    }
}
