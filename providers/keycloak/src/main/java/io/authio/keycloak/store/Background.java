package io.authio.keycloak.store;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/**
 * Authio's one way to run periodic work: Keycloak's {@link TimerProvider} on every node, started once the schema is
 * migrated, so it runs whatever else is switched on or off. Work that should not run on two nodes at the same time
 * holds Keycloak's cluster lock ({@link ClusterProvider#executeIfNotExecuted}) while it runs. Jobs open their own
 * transactions. A failure is logged and the next run tries again; nothing may escape to the timer thread, which
 * Keycloak shares with its own tasks (an exception there would end them all).
 */
public final class Background {

    private static final Logger LOG = Logger.getLogger(Background.class);

    private Background() {
    }

    /**
     * Runs {@code job} every {@code interval} on this node. With {@code clusterLock}, a run is skipped while another
     * node's (or this node's) previous run still holds the lock, for at most {@code clusterLock}.
     */
    public static void every(KeycloakSessionFactory factory, String name, Duration interval, Duration clusterLock, Runnable job) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .schedule(() -> run(factory, name, clusterLock, job), interval.toMillis(), name));
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
