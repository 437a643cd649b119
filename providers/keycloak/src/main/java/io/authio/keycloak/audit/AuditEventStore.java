package io.authio.keycloak.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.keycloak.models.KeycloakSession;

import io.authio.core.api.Cursor;
import io.authio.core.api.Page;
import io.authio.core.audit.AuditEvent;
import io.authio.core.audit.AuditJson;
import io.authio.core.audit.AuditQuery;
import io.authio.keycloak.store.InList;
import io.authio.keycloak.store.RealmData;

/** Reads and writes AUTHIO_AUDIT_EVENT. Every query is scoped to one realm. */
public class AuditEventStore {

    private final EntityManager em;

    public AuditEventStore(KeycloakSession session) {
        this.em = RealmData.em(session);
    }

    /** Adds the event to the current transaction; it is committed (or rolled back) with it. */
    public void insert(AuditEvent event) {
        em.persist(toEntity(event));
    }

    /** One page of events, newest first, and where the next page starts. */
    public Page<AuditEvent> page(String realmId, AuditQuery query, List<String> allowedTypePrefixes) {
        List<AuditEventEntity> rows = select(realmId, query, allowedTypePrefixes).setMaxResults(query.page().fetchSize()).getResultList();
        return query.page().page(rows, e -> new Cursor(e.getOccurredAt(), e.getId())).map(AuditEventStore::toEvent);
    }

    /** The events with these ids (any realm: callers hold ids they read from realm-scoped rows). */
    public java.util.Map<String, AuditEvent> byIds(java.util.Collection<String> ids) {
        java.util.Map<String, AuditEvent> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        // read-only: the rows are turned into values at once, so Hibernate keeps no copies to dirty-check
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 256) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 256));
            for (AuditEventEntity e : InList.bind(em.createQuery("select e from AuditEventEntity e where e.id in ("
                    + InList.params("id", chunk.size()) + ")", AuditEventEntity.class), "id", chunk)
                    .setHint("org.hibernate.readOnly", true).getResultList()) {
                out.put(e.getId(), toEvent(e));
            }
        }
        return out;
    }

    /** Visits the whole selection, page by page, without holding more than one page in memory. */
    public void forEach(String realmId, AuditQuery query, Consumer<AuditEvent> visitor) {
        AuditQuery current = query.unpaged();
        while (true) {
            Page<AuditEvent> page = page(realmId, current, List.of());
            page.rows().forEach(visitor);
            em.clear();
            if (page.next() == null) {
                return;
            }
            current = current.after(page.next());
        }
    }

    private TypedQuery<AuditEventEntity> select(String realmId, AuditQuery query, List<String> allowedTypePrefixes) {
        StringBuilder jpql = new StringBuilder("select e from AuditEventEntity e where e.realmId = :realmId");
        if (query.userId() != null) {
            jpql.append(" and e.userId = :userId");
        }
        if (query.typePrefix() != null) {
            jpql.append(" and (e.type = :type or e.type like :typeLike escape '!')");
        }
        if (!allowedTypePrefixes.isEmpty()) {
            jpql.append(" and (");
            for (int i = 0; i < allowedTypePrefixes.size(); i++) {
                jpql.append(i == 0 ? "" : " or ").append("e.type like :allowed").append(i).append(" escape '!'");
            }
            jpql.append(")");
        }
        if (query.since() != null) {
            jpql.append(" and e.occurredAt >= :since");
        }
        if (query.until() != null) {
            jpql.append(" and e.occurredAt < :until");
        }
        jpql.append(query.page().keysetCondition("e.occurredAt", "e.id"));
        jpql.append(" order by e.occurredAt desc, e.id desc");

        TypedQuery<AuditEventEntity> q = em.createQuery(jpql.toString(), AuditEventEntity.class)
                .setParameter("realmId", realmId);
        if (query.userId() != null) {
            q.setParameter("userId", query.userId());
        }
        if (query.typePrefix() != null) {
            q.setParameter("type", query.typePrefix());
            q.setParameter("typeLike", RealmData.likeEscape(query.typePrefix()) + ".%");
        }
        for (int i = 0; i < allowedTypePrefixes.size(); i++) {
            q.setParameter("allowed" + i, RealmData.likeEscape(allowedTypePrefixes.get(i)) + "%");
        }
        if (query.since() != null) {
            q.setParameter("since", query.since().toEpochMilli());
        }
        if (query.until() != null) {
            q.setParameter("until", query.until().toEpochMilli());
        }
        query.page().parameters().forEach(q::setParameter);
        return q;
    }

    private static AuditEventEntity toEntity(AuditEvent e) {
        AuditEventEntity entity = new AuditEventEntity();
        entity.setId(e.id());
        entity.setRealmId(e.realmId());
        entity.setOccurredAt(e.occurredAt().toEpochMilli());
        entity.setType(e.type());
        entity.setOutcome(e.outcome().value());
        entity.setActorType(e.actorType());
        entity.setActorId(e.actorId());
        entity.setUserId(e.userId());
        entity.setSessionId(e.sessionId());
        entity.setClientId(e.clientId());
        entity.setIp(e.ip());
        entity.setUserAgent(e.userAgent());
        entity.setMetadata(e.metadata().isEmpty() ? null : AuditJson.writeMetadata(e.metadata()));
        return entity;
    }

    static AuditEvent toEvent(AuditEventEntity r) {
        return new AuditEvent(r.getId(), r.getRealmId(), Instant.ofEpochMilli(r.getOccurredAt()), r.getType(),
                AuditEvent.Outcome.of(r.getOutcome()), r.getActorType(), r.getActorId(), r.getUserId(),
                r.getSessionId(), r.getClientId(), r.getIp(), r.getUserAgent(), AuditJson.readMetadata(r.getMetadata()));
    }
}
