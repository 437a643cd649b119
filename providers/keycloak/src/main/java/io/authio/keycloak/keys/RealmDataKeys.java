package io.authio.keycloak.keys;

import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.keys.DataKey;
import io.authio.core.keys.Envelope;
import io.authio.core.keys.SealException;

/**
 * One realm's data keys as the envelope needs them. The current version is read from the database on every
 * seal (so a rotation on any node is seen at once); unwrapped keys come from the per-node cache, which is
 * keyed by immutable content. A realm's first data key is created lazily, in a transaction of its own, so
 * it exists independently of the caller's outcome and two nodes racing to create it converge on one row.
 */
final class RealmDataKeys implements Envelope.DataKeys {

    private static final Logger LOG = Logger.getLogger(RealmDataKeys.class);

    private final KeycloakSession session;
    private final String realmId;
    private final DataKeyStore store;

    RealmDataKeys(KeycloakSession session, String realmId) {
        this.session = session;
        this.realmId = realmId;
        this.store = new DataKeyStore(session);
    }

    @Override
    public DataKey current() {
        DataKeyEntity row = store.active(realmId);
        if (row == null) {
            createFirst();
            row = committed(s -> new DataKeyStore(s).active(realmId));
            if (row == null) {
                throw new IllegalStateException("realm " + realmId + " has no active data key");
            }
        }
        return Keks.of(session).unwrap(row);
    }

    @Override
    public DataKey version(int version) {
        DataKeyEntity row = store.version(realmId, version);
        if (row == null) {
            row = committed(s -> new DataKeyStore(s).version(realmId, version));
        }
        if (row == null) {
            throw new SealException("the realm has no data key version " + version + " (destroyed, or the value belongs elsewhere)");
        }
        return Keks.of(session).unwrap(row);
    }

    /**
     * Reads a key row in a transaction of its own: one created (here, or by another node) after the caller's transaction
     * first read the database is invisible to it where the isolation is REPEATABLE READ (MariaDB's and MySQL's
     * default), which keeps that first snapshot. The row comes back detached; only its values are used.
     */
    private DataKeyEntity committed(java.util.function.Function<KeycloakSession, DataKeyEntity> read) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), read::apply);
    }

    void createFirst() {
        // fail before touching the database when no KEK can wrap it
        Keks.of(session).current();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                DataKeyStore own = new DataKeyStore(s);
                if (own.maxVersion(realmId) == 0) {
                    own.insert(realmId, DataKey.generate(1), Keks.of(s).current());
                    LOG.infof("created data key version 1 for realm %s", realmId);
                }
            });
        } catch (PersistenceException | ModelException raced) {
            // another node or thread created version 1 first: use theirs
            LOG.debugf("data key creation for realm %s raced: %s", realmId, raced.getMessage());
        }
    }
}
