package io.authio.keycloak.delivery;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import io.authio.keycloak.keys.SealedRecordsProvider;
import io.authio.keycloak.keys.SealedRecordsProviderFactory;
import io.authio.keycloak.keys.Secrets;
import io.authio.keycloak.store.RealmData;

/**
 * Webhook secrets (current and previous) and SIEM sink credentials, so that a data key rotation re-seals
 * them and a data key is never destroyed while a destination still depends on it.
 */
public class DeliverySealedRecordsFactory implements SealedRecordsProviderFactory {

    public static final String ID = "authio-delivery-secrets";

    @Override
    public SealedRecordsProvider create(KeycloakSession session) {
        return new SealedRecordsProvider() {
            @Override
            public int reseal(RealmModel realm, Secrets secrets) {
                int changed = 0;
                for (DestinationEntity d : destinations(session, realm)) {
                    String secret = d.getSecret() == null ? null
                            : secrets.reseal(realm.getId(), secretPurpose(d), d.getId(), d.getSecret());
                    String previous = d.getPreviousSecret() == null ? null
                            : secrets.reseal(realm.getId(), DestinationStore.WEBHOOK_PREVIOUS_SECRET, d.getId(), d.getPreviousSecret());
                    if (!Objects.equals(secret, d.getSecret()) || !Objects.equals(previous, d.getPreviousSecret())) {
                        d.setSecret(secret);
                        d.setPreviousSecret(previous);
                        changed++;
                    }
                }
                return changed;
            }

            @Override
            public Map<Integer, Long> versionsInUse(RealmModel realm) {
                Map<Integer, Long> versions = new TreeMap<>();
                for (DestinationEntity d : destinations(session, realm)) {
                    for (String sealed : new String[] {d.getSecret(), d.getPreviousSecret()}) {
                        if (sealed != null) {
                            versions.merge(Secrets.dataKeyVersion(sealed), 1L, Long::sum);
                        }
                    }
                }
                return versions;
            }
        };
    }

    private static List<DestinationEntity> destinations(KeycloakSession session, RealmModel realm) {
        return RealmData.em(session)
                .createQuery("select d from DestinationEntity d where d.realmId = :realmId "
                        + "and (d.secret is not null or d.previousSecret is not null)", DestinationEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
    }

    private static String secretPurpose(DestinationEntity d) {
        return Destination.Kind.WEBHOOK.id().equals(d.getKind()) ? DestinationStore.WEBHOOK_SECRET : DestinationStore.SINK_CREDENTIAL;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
