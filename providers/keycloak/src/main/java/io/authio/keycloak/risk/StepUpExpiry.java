package io.authio.keycloak.risk;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

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
            int changed;
            do {
                changed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> RealmData.em(s)
                        .createNativeQuery("update AUTHIO_STEP_UP_CHALLENGE set STATUS = 'expired', COMPLETED_AT = ?1 where ID in "
                                + "(select ID from AUTHIO_STEP_UP_CHALLENGE where STATUS = 'pending' and CREATED_AT < ?2 fetch first "
                                + BATCH + " rows only)")
                        .setParameter(1, now).setParameter(2, cutoff).executeUpdate());
            } while (changed == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("Expiring abandoned step-up challenges failed, will retry: %s", e.getMessage());
        }
    }
}
