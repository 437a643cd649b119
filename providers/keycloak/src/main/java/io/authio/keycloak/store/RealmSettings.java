package io.authio.keycloak.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;

/**
 * A realm's Authio settings in AUTHIO_REALM_SETTING, by name. Only Authio's admin resources write here, after
 * validating the value against the operator's ceilings; readers still treat a stored value as untrusted input.
 */
public final class RealmSettings {

    private final EntityManager em;

    public RealmSettings(KeycloakSession session) {
        this.em = RealmData.em(session);
    }

    /** The stored value, or null. */
    public String get(String realmId, String name) {
        RealmSettingEntity e = em.find(RealmSettingEntity.class, id(realmId, name));
        return e == null ? null : e.getValue();
    }

    /** Stores the value; null or empty removes the setting. */
    public void put(String realmId, String name, String value) {
        RealmSettingEntity e = em.find(RealmSettingEntity.class, id(realmId, name));
        if (value == null || value.isEmpty()) {
            if (e != null) {
                em.remove(e);
            }
            return;
        }
        if (e == null) {
            e = new RealmSettingEntity();
            e.setId(id(realmId, name));
            e.setRealmId(realmId);
            e.setName(name);
            e.setValue(value);
            e.setUpdatedAt(System.currentTimeMillis());
            em.persist(e);
        } else {
            e.setValue(value);
            e.setUpdatedAt(System.currentTimeMillis());
        }
    }

    /** Every realm's value of one setting, by realm id. */
    public Map<String, String> all(String name) {
        List<RealmSettingEntity> rows = em.createQuery("select e from RealmSettingEntity e where e.name = :name", RealmSettingEntity.class)
                .setParameter("name", name).getResultList();
        Map<String, String> out = new LinkedHashMap<>();
        rows.forEach(e -> out.put(e.getRealmId(), e.getValue()));
        return out;
    }

    private static String id(String realmId, String name) {
        return realmId + "/" + name;
    }
}
