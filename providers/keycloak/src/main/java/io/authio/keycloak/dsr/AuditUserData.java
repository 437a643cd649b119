package io.authio.keycloak.dsr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

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
 * Authio's audit log in data-subject requests: the user's events in the export; on deletion every event
 * about or by the user, and every event whose details name them, is anonymized (user and actor ids
 * removed, {@code metadata.user_email} and other identifying values replaced by {@code "[deleted]"}).
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
        Anonymizer anonymizer = new Anonymizer(subject.userId(), subject.email(), subject.username());
        List<AuditEventEntity> rows = List.of();
        if (subject.userId() != null) {
            rows = em.createQuery("select e from AuditEventEntity e where e.realmId = :realmId "
                            + "and (e.userId = :userId or e.actorId = :userId)", AuditEventEntity.class)
                    .setParameter("realmId", realm.getId())
                    .setParameter("userId", subject.userId())
                    .setMaxResults(limit)
                    .getResultList();
        }
        if (rows.isEmpty()) {
            // events that name the person without carrying the account id (e.g. failed logins typed with the address)
            String needle = "%" + likeEscape(subject.email().toLowerCase(java.util.Locale.ROOT)) + "%";
            String needle2 = subject.username() == null ? needle
                    : "%\"" + likeEscape(subject.username().toLowerCase(java.util.Locale.ROOT)) + "\"%";
            rows = em.createQuery("select e from AuditEventEntity e where e.realmId = :realmId and e.metadata is not null "
                            + "and (lower(e.metadata) like :n1 escape '!' or lower(e.metadata) like :n2 escape '!')", AuditEventEntity.class)
                    .setParameter("realmId", realm.getId())
                    .setParameter("n1", needle)
                    .setParameter("n2", needle2)
                    .setMaxResults(limit)
                    .getResultList();
        }
        if (rows.isEmpty()) {
            return Map.of();
        }
        for (AuditEventEntity e : rows) {
            if (subject.userId() != null && subject.userId().equals(e.getUserId())) {
                e.setUserId(null);
            }
            if (subject.userId() != null && subject.userId().equals(e.getActorId())) {
                e.setActorId(null);
            }
            Map<String, String> metadata = AuditJson.readMetadata(e.getMetadata());
            Map<String, String> scrubbed = new LinkedHashMap<>(anonymizer.metadata(metadata));
            // every anonymized row says so the same way, also events that never carried the address (risk.*, dsr.*)
            scrubbed.put("user_email", Anonymizer.DELETED);
            String written = AuditJson.writeMetadata(scrubbed);
            e.setMetadata(anonymizer.stillNames(written) ? AuditJson.writeMetadata(Map.of("user_email", Anonymizer.DELETED)) : written);
            if (anonymizer.mentions(e.getSessionId())) {
                e.setSessionId(null);
            }
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

    static String likeEscape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
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
