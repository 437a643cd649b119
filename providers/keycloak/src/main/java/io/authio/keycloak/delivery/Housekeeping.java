package io.authio.keycloak.delivery;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.keycloak.ratelimit.RateLimiter;
import io.authio.keycloak.store.RealmData;

/**
 * Prunes delivered and dead messages and old attempts after their retention, and rate-limit keys back
 * at a full burst. Deletes run in batches of at most 1000 rows per transaction so they never hold locks
 * a login would wait on. Every node may run it; deleting twice is harmless.
 */
final class Housekeeping implements Runnable {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    static final int BATCH = 1000;

    private final KeycloakSessionFactory factory;
    private final DeliveryConfig config;

    Housekeeping(KeycloakSessionFactory factory, DeliveryConfig config) {
        this.factory = factory;
        this.config = config;
    }

    @Override
    public void run() {
        try {
            long now = System.currentTimeMillis();
            int pruned = prune("select o.id from OutboxEntity o where o.status = '" + Outbox.DELIVERED + "' and o.deliveredAt < :cutoff",
                    "OutboxEntity", now - config.deliveredRetention().toMillis());
            pruned += prune("select o.id from OutboxEntity o where o.status = '" + Outbox.DEAD + "' and o.createdAt < :cutoff",
                    "OutboxEntity", now - config.deadRetention().toMillis());
            pruned += prune("select a.id from DeliveryAttemptEntity a where a.attemptedAt < :cutoff",
                    "DeliveryAttemptEntity", now - config.deadRetention().toMillis());
            pruned += new RateLimiter(factory).purgeExpired(BATCH);
            if (pruned > 0) {
                LOG.debugf("housekeeping pruned %d rows", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Housekeeping failed, will retry: %s", e.getMessage());
        }
    }

    private int prune(String selectIds, String entity, long cutoff) {
        int total = 0;
        while (true) {
            int deleted = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                EntityManager em = RealmData.em(s);
                List<String> ids = em.createQuery(selectIds, String.class).setParameter("cutoff", cutoff)
                        .setMaxResults(BATCH).getResultList();
                if (ids.isEmpty()) {
                    return 0;
                }
                return em.createQuery("delete from " + entity + " e where e.id in :ids").setParameter("ids", ids).executeUpdate();
            });
            total += deleted;
            if (deleted < BATCH) {
                return total;
            }
        }
    }
}
