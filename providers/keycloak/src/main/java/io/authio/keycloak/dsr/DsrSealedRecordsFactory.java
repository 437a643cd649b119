package io.authio.keycloak.dsr;

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
 * The realm's subject digest key and the presigned upload URLs of open exports, so a data key rotation re-seals
 * them and a data key is never destroyed while one still depends on it.
 */
public class DsrSealedRecordsFactory implements SealedRecordsProviderFactory {

    public static final String ID = "authio-dsr-secrets";

    @Override
    public SealedRecordsProvider create(KeycloakSession session) {
        return new SealedRecordsProvider() {
            @Override
            public int reseal(RealmModel realm, Secrets secrets) {
                int changed = 0;
                DsrSubjectKeyEntity key = RealmData.em(session).find(DsrSubjectKeyEntity.class, realm.getId());
                if (key != null) {
                    String resealed = secrets.reseal(realm.getId(), SubjectDigests.PURPOSE, realm.getId(), key.getSealedKey());
                    if (!resealed.equals(key.getSealedKey())) {
                        key.setSealedKey(resealed);
                        changed++;
                    }
                }
                for (DsrEntity d : withUploadUrl(realm)) {
                    String resealed = secrets.reseal(realm.getId(), DsrFulfillment.UPLOAD_URL_PURPOSE, d.getId(), d.getUploadUrl());
                    if (!Objects.equals(resealed, d.getUploadUrl())) {
                        d.setUploadUrl(resealed);
                        changed++;
                    }
                }
                return changed;
            }

            @Override
            public Map<Integer, Long> versionsInUse(RealmModel realm) {
                Map<Integer, Long> versions = new TreeMap<>();
                DsrSubjectKeyEntity key = RealmData.em(session).find(DsrSubjectKeyEntity.class, realm.getId());
                if (key != null) {
                    versions.merge(Secrets.dataKeyVersion(key.getSealedKey()), 1L, Long::sum);
                }
                for (DsrEntity d : withUploadUrl(realm)) {
                    versions.merge(Secrets.dataKeyVersion(d.getUploadUrl()), 1L, Long::sum);
                }
                return versions;
            }

            private java.util.List<DsrEntity> withUploadUrl(RealmModel realm) {
                return RealmData.em(session).createQuery("select d from DsrEntity d where d.realmId = :realmId and d.uploadUrl is not null",
                        DsrEntity.class).setParameter("realmId", realm.getId()).getResultList();
            }
        };
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
