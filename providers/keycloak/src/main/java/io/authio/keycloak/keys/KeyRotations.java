package io.authio.keycloak.keys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.keycloak.models.KeycloakSession;

import io.authio.core.api.Cursor;
import io.authio.core.api.Page;
import io.authio.core.api.PageRequest;
import io.authio.core.audit.AuditEvent;
import io.authio.core.audit.AuditJson;
import io.authio.core.id.Uuid7;
import io.authio.core.json.Json;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmData;

/**
 * The record of every rotation: one AUTHIO_KEY_ROTATION row and one {@code key.rotated} audit event, both in
 * the caller's transaction, so they exist exactly when the rotation committed.
 */
public final class KeyRotations {

    public static final String DATA_KEY = "data_key";
    public static final String DATA_KEY_DESTROYED = "data_key_destroyed";
    public static final String SIGNING_KEY = "signing_key";
    public static final String KEK = "kek";
    public static final String EVENT = "key.rotated";

    private final KeycloakSession session;
    private final EntityManager em;

    public KeyRotations(KeycloakSession session) {
        this.session = session;
        this.em = RealmData.em(session);
    }

    public KeyRotationEntity record(String realmId, String kind, String oldKeyId, String newKeyId, Caller actor,
            Map<String, Object> details) {
        KeyRotationEntity row = new KeyRotationEntity();
        row.setId(Uuid7.next());
        row.setRealmId(realmId);
        row.setKind(kind);
        row.setOldKeyId(oldKeyId);
        row.setNewKeyId(newKeyId);
        row.setRotatedAt(System.currentTimeMillis());
        row.setActorType(actor.type());
        row.setActorId(actor.id());
        row.setDetails(details == null || details.isEmpty() ? null : Json.write(details));
        em.persist(row);

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rotation_id", row.getId());
        metadata.put("kind", kind);
        if (oldKeyId != null) {
            metadata.put("old_key_id", oldKeyId);
        }
        if (newKeyId != null) {
            metadata.put("new_key_id", newKeyId);
        }
        AuditLog.of(session).recordSystem(realmId, EVENT, AuditEvent.Outcome.SUCCESS, actor.type(), actor.id(), null, metadata);
        return row;
    }

    /** Newest first, keyset-paged by (ROTATED_AT, ID). */
    public Page<KeyRotationEntity> page(String realmId, PageRequest page) {
        TypedQuery<KeyRotationEntity> query = em.createQuery("select r from KeyRotationEntity r where r.realmId = :realmId"
                        + page.keysetCondition("r.rotatedAt", "r.id") + " order by r.rotatedAt desc, r.id desc", KeyRotationEntity.class)
                .setParameter("realmId", realmId)
                .setMaxResults(page.fetchSize());
        page.parameters().forEach(query::setParameter);
        return page.page(query.getResultList(), r -> new Cursor(r.getRotatedAt(), r.getId()));
    }

    public static Map<String, Object> json(KeyRotationEntity row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.getId());
        out.put("realm_id", row.getRealmId());
        out.put("kind", row.getKind());
        out.put("old_key_id", row.getOldKeyId());
        out.put("new_key_id", row.getNewKeyId());
        out.put("rotated_at", AuditJson.timestamp(Instant.ofEpochMilli(row.getRotatedAt())));
        out.put("actor_type", row.getActorType());
        out.put("actor_id", row.getActorId());
        out.put("details", row.getDetails() == null ? null : Json.read(row.getDetails()));
        return out;
    }
}
