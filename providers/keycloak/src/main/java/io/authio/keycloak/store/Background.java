package io.authio.keycloak.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/**
 * Authio's one way to run work in the background, all on Keycloak's providers, so Keycloak stops it on shutdown:
 * <ul>
 * <li>{@link #every}: periodic work on Keycloak's {@link TimerProvider} on every node, started once the schema is
 * migrated, so it runs whatever else is switched on or off. Work that should run once per cluster holds Keycloak's
 * cluster lock ({@link ClusterProvider#executeIfNotExecuted}) while it runs.</li>
 * <li>{@link #whileRunning}: periodic work on this node that lasts as long as something else (a lease heartbeat),
 * started now and stopped by closing its handle.</li>
 * <li>{@link #submit} and {@link #afterCommit}: one-shot work on one of Keycloak's named, managed thread pools
 * ({@link ExecutorsProvider}), now or once the request's transaction committed.</li>
 * </ul>
 * A failure of periodic work is logged and the next run tries again; nothing may escape to the timer thread, which
 * Keycloak shares with its own tasks (an exception there would end them all).
 */
public final class Background {

    private static final Logger LOG = Logger.getLogger(Background.class);

    /** Periodic work started by {@link #whileRunning}; closing it stops it (idempotent, never throws). */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private Background() {
    }

    /**
     * Runs {@code job} every {@code interval} on this node; the job opens its own transactions. With
     * {@code clusterLock}, a run is skipped while another node's (or this node's) previous run still holds the lock,
     * for at most {@code clusterLock}: the job runs once per cluster and interval.
     */
    public static void every(KeycloakSessionFactory factory, String name, Duration interval, Duration clusterLock, Runnable job) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .schedule(() -> run(factory, name, clusterLock, job), interval.toMillis(), name));
            }
        });
    }

    /** As {@link #every(KeycloakSessionFactory, String, Duration, Duration, Runnable)}, each run in one transaction of its own. */
    public static void every(KeycloakSessionFactory factory, String name, Duration interval, Duration clusterLock,
            Consumer<KeycloakSession> job) {
        every(factory, name, interval, clusterLock, () -> KeycloakModelUtils.runJobInTransaction(factory, job::accept));
    }

    /**
     * Runs {@code job} every {@code interval} on this node from now until the handle is closed (no cluster lock: the
     * work belongs to something running on this node). {@code name} must be unique while it runs.
     */
    public static Handle whileRunning(KeycloakSessionFactory factory, String name, Duration interval, Runnable job) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(() -> run(factory, name, null, job), interval.toMillis(), name));
        return () -> {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).cancelTask(name));
            } catch (RuntimeException e) {
                LOG.debugf("could not stop %s: %s", name, e.getMessage());
            }
        };
    }

    /**
     * Runs {@code job} once on Keycloak's thread pool {@code pool}. Throws {@link java.util.concurrent.RejectedExecutionException}
     * or {@link IllegalStateException} when the pool takes no more work (e.g. shutting down).
     */
    public static <T> CompletableFuture<T> submit(KeycloakSessionFactory factory, String pool, Supplier<T> job) {
        ExecutorService executor = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.getProvider(ExecutorsProvider.class).getExecutor(pool));
        return CompletableFuture.supplyAsync(job, executor);
    }

    /**
     * Runs {@code job} once on Keycloak's thread pool {@code pool} after the session's transaction committed, never
     * when it rolled back (an email about something that did not happen). The request does not wait for it.
     */
    public static void afterCommit(KeycloakSession session, String pool, Runnable job) {
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(pool);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                executor.execute(job);
            }

            @Override
            protected void rollbackImpl() {
                // nothing committed: nothing to do
            }
        });
    }

    private static void run(KeycloakSessionFactory factory, String name, Duration clusterLock, Runnable job) {
        try {
            if (clusterLock == null) {
                job.run();
                return;
            }
            try (KeycloakSession session = factory.create()) {
                ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                if (cluster == null) {
                    job.run();
                    return;
                }
                cluster.executeIfNotExecuted(name, (int) Math.max(1, clusterLock.toSeconds()), () -> {
                    job.run();
                    return null;
                });
            }
        } catch (Throwable t) {
            LOG.warnf("Background job %s failed, will run again: %s", name, t.toString());
            LOG.debug(name, t);
        }
    }
}
