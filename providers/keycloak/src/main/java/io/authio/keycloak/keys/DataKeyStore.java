package io.authio.keycloak.keys;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.keycloak.models.KeycloakSession;

import io.authio.core.id.Uuid7;
import io.authio.core.keys.DataKey;
import io.authio.core.keys.DataKeyWrap;
import io.authio.core.keys.Kek;
import io.authio.keycloak.store.RealmData;

/** AUTHIO_DATA_KEY reads and writes; every query names the realm. */
final class DataKeyStore {

    private final EntityManager em;

    DataKeyStore(KeycloakSession session) {
        this.em = RealmData.em(session);
    }

    /** The realm's newest active data key, or null when it has none yet. */
    DataKeyEntity active(String realmId) {
        List<DataKeyEntity> rows = em.createQuery("select d from DataKeyEntity d where d.realmId = :realmId and d.state = :state "
                        + "order by d.version desc", DataKeyEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("state", DataKeyEntity.ACTIVE)
                .setMaxResults(1)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * The active row, locked until the transaction ends: serializes rotations of one realm across the cluster
     * (seals only read, so logins never wait on it).
     */
    DataKeyEntity lockActive(String realmId) {
        List<DataKeyEntity> rows = em.createQuery("select d from DataKeyEntity d where d.realmId = :realmId and d.state = :state "
                        + "order by d.version desc", DataKeyEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("state", DataKeyEntity.ACTIVE)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * The active row, share-locked until the transaction ends: what a seal uses. Rotations update that row and
     * destruction deletes a retired one, so both wait for every transaction still writing values sealed under it;
     * seals never wait for each other. Null when the row stopped being active while waiting (read again).
     */
    DataKeyEntity activeForSeal(String realmId) {
        List<DataKeyEntity> rows = em.createQuery("select d from DataKeyEntity d where d.realmId = :realmId and d.state = :state "
                        + "order by d.version desc", DataKeyEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("state", DataKeyEntity.ACTIVE)
                .setLockMode(LockModeType.PESSIMISTIC_READ)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    DataKeyEntity version(String realmId, int version) {
        List<DataKeyEntity> rows = em.createQuery("select d from DataKeyEntity d where d.realmId = :realmId and d.version = :version",
                        DataKeyEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("version", version)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    List<DataKeyEntity> all(String realmId) {
        return em.createQuery("select d from DataKeyEntity d where d.realmId = :realmId order by d.version", DataKeyEntity.class)
                .setParameter("realmId", realmId)
                .getResultList();
    }

    int maxVersion(String realmId) {
        Integer max = em.createQuery("select max(d.version) from DataKeyEntity d where d.realmId = :realmId", Integer.class)
                .setParameter("realmId", realmId)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /** Inserts a new active version wrapped by the KEK (flushes, so a concurrent insert of the same version fails here). */
    DataKeyEntity insert(String realmId, DataKey key, Kek kek) {
        long now = System.currentTimeMillis();
        DataKeyEntity row = new DataKeyEntity();
        row.setId(Uuid7.next());
        row.setRealmId(realmId);
        row.setVersion(key.version());
        row.setState(DataKeyEntity.ACTIVE);
        row.setKekId(kek.id());
        row.setWrappedKey(DataKeyWrap.wrap(kek, realmId, key));
        row.setCreatedAt(now);
        row.setWrappedAt(now);
        em.persist(row);
        em.flush();
        return row;
    }

    void delete(DataKeyEntity row) {
        em.remove(row);
        em.flush();
    }

    EntityManager em() {
        return em;
    }
}
