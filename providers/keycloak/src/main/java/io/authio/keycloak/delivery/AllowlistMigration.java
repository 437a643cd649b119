package io.authio.keycloak.delivery;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.net.Cidr;
import io.authio.keycloak.store.RealmData;
import io.authio.keycloak.store.RealmSettings;

/**
 * Moves delivery allowlists out of the realm attribute where earlier versions kept them (Keycloak's realm API writes
 * attributes without asking Authio) into AUTHIO_REALM_SETTING, at startup. The attribute is removed and never read
 * again; what the operator's ceiling does not cover is kept but does not apply.
 */
final class AllowlistMigration {

    static final String LEGACY_ATTRIBUTE = "authio.delivery.allowed-networks";
    private static final Logger LOG = Logger.getLogger(AllowlistMigration.class);

    private AllowlistMigration() {
    }

    static void run(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                @SuppressWarnings("unchecked")
                List<Object> realmIds = RealmData.em(session)
                        .createNativeQuery("select REALM_ID from REALM_ATTRIBUTE where NAME = ?1")
                        .setParameter(1, LEGACY_ATTRIBUTE).getResultList();
                RealmSettings settings = new RealmSettings(session);
                for (Object id : realmIds) {
                    RealmModel realm = session.realms().getRealm(id.toString());
                    if (realm == null) {
                        continue;
                    }
                    if (settings.get(realm.getId(), DestinationStore.ALLOWLIST_SETTING) == null) {
                        settings.put(realm.getId(), DestinationStore.ALLOWLIST_SETTING, readable(realm.getAttribute(LEGACY_ATTRIBUTE)));
                    }
                    realm.removeAttribute(LEGACY_ATTRIBUTE);
                    LOG.infof("Moved the delivery allowlist of realm %s from its realm attribute into Authio's settings", realm.getName());
                }
            });
        } catch (RuntimeException e) {
            // another node migrating at the same moment; the next start finds nothing left to move
            LOG.warnf("Moving delivery allowlists out of realm attributes failed, will retry at the next start: %s", e.getMessage());
        }
    }

    private static String readable(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                try {
                    out.add(Cidr.parse(part.trim()).toString());
                } catch (IllegalArgumentException unreadable) {
                    // a value no validation ever saw: dropped
                }
            }
        }
        return String.join(",", out);
    }
}
