package io.authio.keycloak.dsr;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;

import io.authio.keycloak.store.Background;

/**
 * Runs claimed fulfillments in the background on this node ({@link Background}): on Keycloak's {@code authio-dsr}
 * thread pool, at most {@link DsrConfig#maxConcurrent()} at once, each with a lease heartbeat while it runs. Holds no
 * state that matters to the cluster: a run's lease is in the database, so when this node dies another one resumes the
 * run ({@link DsrJobSweep}).
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
        Background.Handle heartbeat = null;
        try {
            heartbeat = Background.whileRunning(factory, "authio-dsr-lease-" + run.runId(), config.leaseRenewal(), () -> {
                if (!run.renew()) {
                    LOG.debugf("DSR %s: run %s no longer holds its lease", run.dsrId(), run.runId());
                }
            });
            Background.Handle beating = heartbeat;
            return Background.submit(factory, EXECUTOR, () -> {
                try {
                    return run.run(claim);
                } finally {
                    beating.close();
                    slots.release();
                }
            });
        } catch (RejectedExecutionException | IllegalStateException e) {
            if (heartbeat != null) {
                heartbeat.close();
            }
            slots.release();
            LOG.warnf("DSR %s: could not start the run here, the sweep retries: %s", run.dsrId(), e.getMessage());
            return null;
        }
    }
}
