package io.authio.keycloak.keys;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.keycloak.store.RealmData;

/**
 * Runs once the database is migrated, before Keycloak serves requests: if data keys exist (so sealed
 * values depend on them), a KEK must be configured and must unwrap a data key of every KEK id in use.
 * Otherwise Keycloak refuses to start with a message naming what to configure, instead of starting and
 * failing on every sealed value (or silently falling back to unsealed signing keys).
 */
final class KekStartupCheck {

    private static final Logger LOG = Logger.getLogger(KekStartupCheck.class);

    private KekStartupCheck() {
    }

    static void run(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            Keks keks = Keks.of(session);
            List<Object[]> byKek = RealmData.em(session)
                    .createQuery("select d.kekId, count(d), min(d.id) from DataKeyEntity d group by d.kekId order by d.kekId", Object[].class)
                    .getResultList();
            long dataKeys = byKek.stream().mapToLong(r -> (Long) r[1]).sum();
            if (dataKeys == 0) {
                if (!keks.anyConfigured()) {
                    LOG.warn("Authio: no key-encryption key (KEK) is configured; sealing secrets will fail until one is. "
                            + "See docs/key-management.md");
                    return;
                }
                LOG.infof("Authio: KEK %s loaded; no data keys yet", current(keks, 0));
                return;
            }
            if (!keks.anyConfigured()) {
                refuse(dataKeys + " Authio data keys exist (secrets and signing keys are sealed under them), but " + keks.notConfigured());
            }
            for (Object[] row : byKek) {
                String kekId = (String) row[0];
                DataKeyEntity sample = RealmData.em(session).find(DataKeyEntity.class, row[2]);
                try {
                    keks.unwrap(sample);
                } catch (KekUnavailableException e) {
                    refuse(row[1] + " Authio data keys need KEK " + kekId + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    refuse(row[1] + " Authio data keys are wrapped by KEK " + kekId + ", and the configured key of that name cannot "
                            + "unwrap them (a different key under the same alias, or a damaged row): " + e.getMessage());
                }
            }
            String current = current(keks, dataKeys);
            LOG.infof("Authio: KEK verified; %d data keys across KEKs %s; new data keys are wrapped by %s", dataKeys,
                    byKek.stream().map(r -> (String) r[0]).toList(), current);
        });
    }

    private static String current(Keks keks, long dataKeys) {
        try {
            return keks.current().id();
        } catch (RuntimeException e) {
            refuse("the configured Authio KEK cannot be loaded (" + dataKeys + " data keys exist): " + e.getMessage());
            return null;
        }
    }

    private static void refuse(String reason) {
        String message = "Authio refuses to start: " + reason;
        LOG.error(message);
        throw new IllegalStateException(message);
    }
}
