package io.authio.keycloak.risk;

import java.time.Duration;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.keycloak.store.InList;
import io.authio.keycloak.store.RealmData;

/**
 * Marks step-up challenges nobody finished as {@code expired} once they are older than the expiry (by default
 * Keycloak's 30-minute login lifespan, after which the authentication session itself is gone). Every node may
 * run it: the update is idempotent, and it works in batches so no transaction holds many row locks.
 */
final class StepUpExpiry implements Runnable {

    private static final Logger LOG = Logger.getLogger(StepUpExpiry.class);
    static final int BATCH = 1000;

    private final KeycloakSessionFactory factory;
    private final Duration expiry;

    StepUpExpiry(KeycloakSessionFactory factory, Duration expiry) {
        this.factory = factory;
        this.expiry = expiry;
    }

    @Override
    public void run() {
        try {
            long now = System.currentTimeMillis();
            long cutoff = now - expiry.toMillis();
            int found;
            do {
                // ids first, then the update: a LIMIT inside an IN subquery of the updated table is refused by
                // MariaDB and MySQL; the status is checked again so a challenge completed meanwhile stays as it is
                found = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                    RealmData.readCommitted(s);
                    EntityManager em = RealmData.em(s);
                    List<String> ids = em.createQuery("select c.id from StepUpChallengeEntity c where c.status = 'pending' "
                                    + "and c.createdAt < :cutoff", String.class)
                            .setParameter("cutoff", cutoff).setMaxResults(BATCH).getResultList();
                    InList.update(em, "update AUTHIO_STEP_UP_CHALLENGE set STATUS = 'expired', COMPLETED_AT = ? where STATUS = 'pending' and ID in ",
                            List.of(now), ids);
                    return ids.size();
                });
            } while (found == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("Expiring abandoned step-up challenges failed, will retry: %s", e.getMessage());
        }
    }
}
