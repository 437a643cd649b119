package io.authio.keycloak.dsr;

import java.util.Arrays;

import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.dsr.SubjectDigest;
import io.authio.keycloak.keys.Secrets;
import io.authio.keycloak.store.RealmData;

/**
 * A realm's subject digests ({@link SubjectDigest}) under its own random key, kept sealed in AUTHIO_DSR_SUBJECT_KEY
 * (purpose {@value #PURPOSE}, bound to the realm). The key is created on first use in a transaction of its own, so
 * two nodes racing converge on one row; a data key rotation re-seals it (DsrSealedRecordsFactory).
 */
final class SubjectDigests {

    static final String PURPOSE = "dsr-subject-key";
    private static final Logger LOG = Logger.getLogger(SubjectDigests.class);

    private final KeycloakSession session;
    private final String realmId;

    SubjectDigests(KeycloakSession session, String realmId) {
        this.session = session;
        this.realmId = realmId;
    }

    /** The digest of a normalized address. */
    String of(String normalizedEmail) {
        byte[] key = key();
        try {
            return SubjectDigest.of(key, normalizedEmail);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The keyed digest of a stored unkeyed SHA-256. */
    String fromSha256(String sha256Hex) {
        byte[] key = key();
        try {
            return SubjectDigest.fromSha256(key, sha256Hex);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] key() {
        DsrSubjectKeyEntity row = RealmData.em(session).find(DsrSubjectKeyEntity.class, realmId);
        if (row == null) {
            create();
            row = RealmData.committed(session, s -> RealmData.em(s).find(DsrSubjectKeyEntity.class, realmId));
            if (row == null) {
                throw new IllegalStateException("realm " + realmId + " has no subject digest key");
            }
        }
        return Secrets.of(session).open(realmId, PURPOSE, realmId, row.getSealedKey());
    }

    private void create() {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                if (RealmData.em(s).find(DsrSubjectKeyEntity.class, realmId) == null) {
                    byte[] key = SubjectDigest.newKey();
                    DsrSubjectKeyEntity row = new DsrSubjectKeyEntity();
                    row.setRealmId(realmId);
                    row.setSealedKey(Secrets.of(s).seal(realmId, PURPOSE, realmId, key));
                    row.setCreatedAt(System.currentTimeMillis());
                    Arrays.fill(key, (byte) 0);
                    RealmData.em(s).persist(row);
                }
            });
        } catch (PersistenceException | ModelException raced) {
            LOG.debugf("subject key creation for realm %s raced: %s", realmId, raced.getMessage());
        }
    }
}
