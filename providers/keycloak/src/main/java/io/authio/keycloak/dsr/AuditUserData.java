package io.authio.keycloak.dsr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.audit.AuditJson;
import io.authio.core.audit.AuditQuery;
import io.authio.core.dsr.Anonymizer;
import io.authio.core.dsr.ExportBundle;
import io.authio.keycloak.audit.AuditEventEntity;
import io.authio.keycloak.audit.AuditEventStore;
import io.authio.keycloak.store.RealmData;

/**
 * Authio's audit log in data-subject requests: the user's events in the export; on deletion the events about the
 * user lose their user id and personal metadata, the events by the user their actor id, and any event whose
 * metadata names the user in an exact field (a typed username, an address) that value — see {@link Anonymizer}.
 * Outbox messages still waiting for delivery carry no copy of the event: they are rendered from the
 * anonymized row when sent, and are counted as such in the evidence.
 */
public class AuditUserData implements UserDataContributor {

    public static final String TABLE = "AUTHIO_AUDIT_EVENT";
    public static final String OUTBOX = "AUTHIO_OUTBOX";

    private final KeycloakSession session;

    public AuditUserData(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Set<String> sections() {
        return Set.of("audit_events");
    }

    @Override
    public void export(RealmModel realm, DataSubject subject, String section, ExportBundle.Rows out) {
        if (!subject.hasAccount()) {
            return;
        }
        AuditQuery query = AuditQuery.parse(subject.userId(), null, null, null, null, null);
        new AuditEventStore(session).forEach(realm.getId(), query, event -> out.write(AuditJson.adminView(event)));
    }

    @Override
    public Map<String, Long> erase(RealmModel realm, DataSubject subject, int limit) {
        EntityManager em = RealmData.em(session);
        Anonymizer anonymizer = new Anonymizer(subject.userId(), subject.email(), subject.username(), realm.getName());
        String id = subject.userId();
        List<AuditEventEntity> rows = new ArrayList<>();
        if (id != null) {
            // about the subject, then by the subject (both indexed), then rows naming them in an exact field
            rows.addAll(select(em, "e.userId = :id", Map.of("id", id), realm, limit));
            if (rows.size() < limit) {
                rows.addAll(select(em, "e.actorId = :id and (e.userId is null or e.userId <> :id)", Map.of("id", id), realm,
                        limit - rows.size()));
            }
        }
        if (rows.size() < limit) {
            Needles.Clause named = Needles.any(List.of("e.metadata"), anonymizer.needles(), i -> ":n" + i);
            Map<String, Object> params = new HashMap<>();
            for (int i = 0; i < named.params().size(); i++) {
                params.put("n" + i, named.params().get(i));
            }
            String notYet = "";
            if (id != null) {
                params.put("id", id);
                notYet = " and (e.userId is null or e.userId <> :id) and (e.actorId is null or e.actorId <> :id)";
            }
            rows.addAll(select(em, "e.metadata is not null and " + named.sql() + notYet, params, realm, limit - rows.size()));
        }
        if (rows.isEmpty()) {
            return Map.of();
        }
        for (AuditEventEntity e : rows) {
            anonymize(anonymizer, e);
        }
        em.flush();
        List<String> ids = rows.stream().map(AuditEventEntity::getId).toList();
        long outbox = em.createQuery("select count(o) from OutboxEntity o where o.realmId = :realmId and o.eventId in :ids", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("ids", ids)
                .getSingleResult();
        em.clear();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(TABLE, (long) rows.size());
        if (outbox > 0) {
            counts.put(OUTBOX, outbox);
        }
        return counts;
    }

    /** One selected row: the subject's ids go, and the metadata fields that are theirs. */
    private static void anonymize(Anonymizer anonymizer, AuditEventEntity e) {
        boolean own = anonymizer.isSubjectId(e.getUserId());
        Map<String, String> metadata = AuditJson.readMetadata(e.getMetadata());
        Map<String, String> scrubbed = anonymizer.metadata(metadata, own);
        boolean changed = scrubbed != metadata;
        if (own) {
            e.setUserId(null);
            changed = true;
        }
        String impersonator = metadata.get(Anonymizer.IMPERSONATOR);
        if (anonymizer.isSubjectId(e.getActorId()) || (impersonator != null && impersonator.equalsIgnoreCase(e.getActorId())
                && anonymizer.isSubjectImpersonator(impersonator, metadata.get(Anonymizer.IMPERSONATOR_REALM)))) {
            e.setActorId(null);
            changed = true;
        }
        if (scrubbed != metadata) {
            e.setMetadata(AuditJson.writeMetadata(scrubbed));
        } else if (!changed) {
            // selected as naming the subject, yet no field matched (the database lower-cased differently): drop the details
            e.setMetadata(AuditJson.writeMetadata(Map.of("anonymized", "true")));
        }
    }

    private static List<AuditEventEntity> select(EntityManager em, String condition, Map<String, ?> params, RealmModel realm, int limit) {
        TypedQuery<AuditEventEntity> query = em.createQuery("select e from AuditEventEntity e where e.realmId = :realmId and "
                + condition, AuditEventEntity.class).setParameter("realmId", realm.getId()).setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    /** Registered as {@code authio-audit}. */
    public static class Factory implements UserDataContributorFactory {

        @Override
        public UserDataContributor create(KeycloakSession session) {
            return new AuditUserData(session);
        }

        @Override
        public int order() {
            return 50;
        }

        @Override
        public String getId() {
            return "authio-audit";
        }
    }
}
