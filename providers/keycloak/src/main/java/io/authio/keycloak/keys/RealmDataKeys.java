package io.authio.keycloak.keys;

import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.keys.DataKey;
import io.authio.core.keys.Envelope;
import io.authio.core.keys.SealException;
import io.authio.keycloak.store.RealmData;

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

    /**
     * The data key new values are sealed under, share-locked until the caller's transaction ends: a rotation
     * (and so a re-seal and a destroy of this version) waits until the value sealed now is committed, so it is
     * re-sealed rather than left under a destroyed key.
     */
    @Override
    public DataKey current() {
        // made sure of before the locking read: one that finds no row holds a gap lock (InnoDB under REPEATABLE
        // READ), which the first key's insert, from a transaction of its own, would wait for until it times out
        ensureExists();
        for (int attempt = 0; attempt < 5; attempt++) {
            DataKeyEntity row = store.activeForSeal(realmId);
            if (row != null) {
                return Keks.of(session).unwrap(row);
            }
            // a rotation committed while this waited: its new version is visible to the next statement
        }
        throw new IllegalStateException("realm " + realmId + " has no active data key");
    }

    /** Makes sure the realm has a data key, without locking it. */
    void ensureExists() {
        if (store.active(realmId) == null) {
            createFirst();
        }
    }

    @Override
    public DataKey version(int version) {
        DataKeyEntity row = store.version(realmId, version);
        if (row == null) {
            row = RealmData.committed(session, s -> new DataKeyStore(s).version(realmId, version));
        }
        if (row == null) {
            throw new SealException("the realm has no data key version " + version + " (destroyed, or the value belongs elsewhere)");
        }
        return Keks.of(session).unwrap(row);
    }

    /** Until when this node holds data key {@code version} unwrapped ({@link Keks#openedUntil}), 0 when it does not. */
    long openedUntil(int version) {
        DataKeyEntity row = store.version(realmId, version);
        return row == null ? 0L : Keks.of(session).openedUntil(row);
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
