package io.authio.keycloak.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.persistence.EntityManager;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.keys.DataKey;
import io.authio.core.keys.DataKeyWrap;
import io.authio.core.keys.Kek;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmData;

/**
 * The KEK rotation: every data key still wrapped by an older KEK is unwrapped with it and wrapped by the
 * current KEK. The data keys themselves (and so every sealed value) stay the same, which is why a KEK
 * rotation needs no re-seal. Runs in bounded batches; each affected realm gets a rotation row and audit event.
 */
public final class KekRewrap {

    private final KeycloakSession session;
    private final EntityManager em;

    public KekRewrap(KeycloakSession session) {
        this.session = session;
        this.em = RealmData.em(session);
    }

    public record Result(String currentKekId, int rewrapped, long remaining, Map<String, Integer> byRealm) {
    }

    public Result rewrap(int limit, Caller actor) {
        Keks keks = Keks.of(session);
        Kek current = keks.current();
        List<DataKeyEntity> rows = em.createQuery("select d from DataKeyEntity d where d.kekId <> :current order by d.realmId, d.version",
                        DataKeyEntity.class)
                .setParameter("current", current.id())
                .setMaxResults(limit)
                .getResultList();
        long now = System.currentTimeMillis();
        Map<String, List<DataKeyEntity>> byRealm = new TreeMap<>();
        Map<String, TreeSet<String>> oldKeks = new TreeMap<>();
        for (DataKeyEntity row : rows) {
            DataKey key = keks.unwrap(row);
            oldKeks.computeIfAbsent(row.getRealmId(), r -> new TreeSet<>()).add(row.getKekId());
            row.setWrappedKey(DataKeyWrap.wrap(current, row.getRealmId(), key));
            row.setKekId(current.id());
            row.setWrappedAt(now);
            byRealm.computeIfAbsent(row.getRealmId(), r -> new ArrayList<>()).add(row);
        }
        em.flush();

        KeyRotations rotations = new KeyRotations(session);
        Map<String, Integer> counts = new LinkedHashMap<>();
        byRealm.forEach((realmId, realmRows) -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("data_key_versions", realmRows.stream().map(DataKeyEntity::getVersion).toList());
            rotations.record(realmId, KeyRotations.KEK, String.join(",", oldKeks.get(realmId)), current.id(), actor, details);
            counts.put(realmId, realmRows.size());
        });
        long remaining = remaining(current.id());
        if (!rows.isEmpty()) {
            RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("realms", byRealm.size());
            summary.put("data_keys", rows.size());
            summary.put("remaining", remaining);
            TreeSet<String> allOld = new TreeSet<>();
            oldKeks.values().forEach(allOld::addAll);
            if (!byRealm.containsKey(master.getId())) {
                rotations.record(master.getId(), KeyRotations.KEK, String.join(",", allOld), current.id(), actor, summary);
            }
        }
        return new Result(current.id(), rows.size(), remaining, counts);
    }

    private long remaining(String currentKekId) {
        return em.createQuery("select count(d) from DataKeyEntity d where d.kekId <> :current", Long.class)
                .setParameter("current", currentKekId)
                .getSingleResult();
    }

    /** Data keys per KEK id, across all realms. */
    public Map<String, Long> dataKeysByKek() {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] row : em.createQuery("select d.kekId, count(d) from DataKeyEntity d group by d.kekId", Object[].class).getResultList()) {
            out.put((String) row[0], (Long) row[1]);
        }
        return out;
    }
}
