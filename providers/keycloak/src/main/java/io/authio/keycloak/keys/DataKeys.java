package io.authio.keycloak.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.CacheRealmProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.DomainException;
import io.authio.core.audit.AuditJson;
import io.authio.core.keys.DataKey;
import io.authio.core.keys.Kek;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmData;

/** Lifecycle of one realm's data keys: rotate, re-seal everything onto the newest, destroy an unused one. */
public final class DataKeys {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final DataKeyStore store;

    public DataKeys(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new DataKeyStore(session);
    }

    public record Rotated(Integer oldVersion, int newVersion) {
    }

    /** A new active version wrapped by the current KEK; the previous one retires (it still opens old values). */
    public Rotated rotate(Caller actor) {
        Kek kek = Keks.of(session).current();
        DataKeyEntity active = store.lockActive(realm.getId());
        int next = store.maxVersion(realm.getId()) + 1;
        try {
            if (active != null) {
                active.setState(DataKeyEntity.RETIRED);
                active.setRetiredAt(System.currentTimeMillis());
            }
            store.insert(realm.getId(), DataKey.generate(next), kek);
        } catch (PersistenceException | ModelException raced) {
            throw DomainException.conflict("another rotation of this realm's data key is in progress; retry");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kek_id", kek.id());
        new KeyRotations(session).record(realm.getId(), KeyRotations.DATA_KEY,
                active == null ? null : "v" + active.getVersion(), "v" + next, actor, details);
        return new Rotated(active == null ? null : active.getVersion(), next);
    }

    /**
     * Runs key work of one realm (rotations, re-sealing, destroying a version) in a transaction of its own whose first
     * statement takes the realm's rotation lock, so concurrent calls on any node run one after the other and each
     * sees what the one before it committed. A transaction of its own because where the isolation is REPEATABLE READ
     * (MariaDB's and MySQL's default) a transaction reads from the snapshot of its first read: the request's
     * transaction read the realm long before the lock and would see its keys and components as they were before the
     * previous rotation. The lock is taken by realm id, before anything is read.
     */
    public static <T> T locked(KeycloakSession session, RealmModel realm, java.util.function.BiFunction<KeycloakSession, RealmModel, T> work) {
        String realmId = realm.getId();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            lock(s, realmId);
            RealmModel own = s.realms().getRealm(realmId);
            s.getContext().setRealm(own);
            return work.apply(s, own);
        });
    }

    /**
     * Locks the realm's active data key row. The realm's first key is made sure of before, in a transaction of its
     * own: a locking read that finds no row holds a gap lock (InnoDB under REPEATABLE READ), which the insert of that
     * first row, from another transaction, would wait for until the lock wait timeout.
     */
    private static void lock(KeycloakSession s, String realmId) {
        new RealmDataKeys(s, realmId).createFirst();
        new DataKeyStore(s).lockActive(realmId);
    }

    /**
     * Holds the realm's rotation lock (its active data key row, created if needed) until the transaction ends,
     * so concurrent rotations of the realm's keys run one after the other on any node. Call it before reading or
     * writing anything else (see {@link #locked}): it flushes and empties the session's persistence context, whose
     * rows may predate the lock.
     */
    public void lockRealm() {
        lock(session, realm.getId());
        // What this session read of the realm predates the lock: a request that missed the realm cache loaded every
        // component (and its config rows) into the persistence context, and a rotation committed while it waited
        // would make those rows stale (updating them failed with a stale-row delete of COMPONENT_CONFIG at commit).
        // Nothing is written yet, so the context is flushed and emptied; the realm is read from the database from now on.
        EntityManager em = RealmData.em(session);
        em.flush();
        em.clear();
        CacheRealmProvider cache = session.getProvider(CacheRealmProvider.class);
        if (cache != null) {
            cache.registerRealmInvalidation(realm.getId(), realm.getName());
        }
    }

    public record Resealed(int resealed, Map<Integer, Long> versionsInUse) {
    }

    /** Re-seals every registered capability's values onto the newest data key. */
    public Resealed resealAll() {
        Secrets secrets = Secrets.of(session);
        int moved = 0;
        for (SealedRecordsProvider records : providers()) {
            moved += records.reseal(realm, secrets);
        }
        return new Resealed(moved, versionsInUse());
    }

    /** Summed over every registered capability. */
    public Map<Integer, Long> versionsInUse() {
        Map<Integer, Long> versions = new TreeMap<>();
        for (SealedRecordsProvider records : providers()) {
            records.versionsInUse(realm).forEach((v, n) -> versions.merge(v, n, Long::sum));
        }
        return versions;
    }

    /**
     * Deletes a retired version once no registered value needs it: what it sealed becomes unreadable for
     * good (crypto-shredding), which is the point after a suspected compromise.
     */
    public void destroy(int version, Caller actor) {
        // After the lock, every value sealed under this version is committed and visible (seals share-lock the
        // version while it is active, and the rotation that retired it waited for them); the count below reads
        // the database, not a node's realm cache.
        lockRealm();
        DataKeyEntity row = store.version(realm.getId(), version);
        if (row == null) {
            throw DomainException.notFound("the realm has no data key version " + version);
        }
        if (DataKeyEntity.ACTIVE.equals(row.getState())) {
            throw DomainException.conflict("version " + version + " is the active data key; rotate first");
        }
        Long inUse = versionsInUse().get(version);
        if (inUse != null && inUse > 0) {
            throw DomainException.conflict(inUse + " sealed values still need data key version " + version + "; re-seal first");
        }
        store.delete(row);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kek_id", row.getKekId());
        new KeyRotations(session).record(realm.getId(), KeyRotations.DATA_KEY_DESTROYED, "v" + version, null, actor, details);
    }

    public List<Map<String, Object>> describe() {
        Map<Integer, Long> inUse = versionsInUse();
        List<Map<String, Object>> out = new ArrayList<>();
        for (DataKeyEntity row : store.all(realm.getId())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", row.getVersion());
            m.put("state", row.getState());
            m.put("kek_id", row.getKekId());
            m.put("created_at", AuditJson.timestamp(Instant.ofEpochMilli(row.getCreatedAt())));
            m.put("retired_at", row.getRetiredAt() == null ? null : AuditJson.timestamp(Instant.ofEpochMilli(row.getRetiredAt())));
            m.put("wrapped_at", AuditJson.timestamp(Instant.ofEpochMilli(row.getWrappedAt())));
            m.put("sealed_values", inUse.getOrDefault(row.getVersion(), 0L));
            out.add(m);
        }
        return out;
    }

    private List<SealedRecordsProvider> providers() {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(SealedRecordsProvider.class)
                .map(f -> session.getProvider(SealedRecordsProvider.class, f.getId()))
                .toList();
    }
}
