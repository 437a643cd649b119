package io.authio.keycloak.dsr;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * Runs claimed fulfillments in the background on this node: on Keycloak's {@code authio-dsr} executor, at most
 * {@link DsrConfig#maxConcurrent()} at once, each with a lease heartbeat on Keycloak's timer. Holds no state that
 * matters to the cluster: a run's lease is in the database, so when this node dies another one resumes the run
 * ({@link DsrJobSweep}).
 */
final class DsrJobs {

    static final String EXECUTOR = "authio-dsr";
    private static final Logger LOG = Logger.getLogger(DsrJobs.class);

    private final DsrConfig config;
    private final Semaphore slots;

    DsrJobs(DsrConfig config) {
        this.config = config;
        this.slots = new Semaphore(config.maxConcurrent());
    }

    /** Free run slots on this node now. */
    int free() {
        return slots.availablePermits();
    }

    /**
     * Starts a claimed run; null when this node has no free slot (the claim then lapses with its lease and the sweep
     * starts it where a slot is free).
     */
    CompletableFuture<DsrFulfillment.Outcome> start(KeycloakSessionFactory factory, DsrFulfillment run, DsrFulfillment.Claim claim) {
        if (!slots.tryAcquire()) {
            return null;
        }
        String heartbeat = "authio-dsr-lease-" + run.runId();
        try {
            ExecutorService executor = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                s.getProvider(TimerProvider.class).schedule(() -> {
                    try {
                        if (!run.renew()) {
                            LOG.debugf("DSR %s: run %s no longer holds its lease", run.dsrId(), run.runId());
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("DSR %s: lease renewal failed, retried: %s", run.dsrId(), e.getMessage());
                    }
                }, config.leaseRenewal().toMillis(), heartbeat);
                return s.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
            });
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return run.run(claim);
                } finally {
                    stopHeartbeat(factory, heartbeat);
                    slots.release();
                }
            }, executor);
        } catch (RejectedExecutionException | IllegalStateException e) {
            stopHeartbeat(factory, heartbeat);
            slots.release();
            LOG.warnf("DSR %s: could not start the run here, the sweep retries: %s", run.dsrId(), e.getMessage());
            return null;
        }
    }

    private static void stopHeartbeat(KeycloakSessionFactory factory, String name) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(TimerProvider.class).cancelTask(name));
        } catch (RuntimeException e) {
            LOG.debugf("could not cancel %s: %s", name, e.getMessage());
        }
    }
}
