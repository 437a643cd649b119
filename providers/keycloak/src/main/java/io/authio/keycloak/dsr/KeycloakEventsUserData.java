package io.authio.keycloak.dsr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.dsr.Anonymizer;
import io.authio.core.json.Json;
import io.authio.keycloak.store.RealmData;
import io.authio.core.dsr.ExportBundle;

/**
 * Keycloak's own event store (EVENT_ENTITY: login events; ADMIN_EVENT_ENTITY: admin events) in
 * data-subject requests. Exported as {@code keycloak_events}; on deletion the rows stay as history: the subject's
 * own events lose the user id and personal details, their admin events the id in {@code users/[deleted]} paths and
 * the stored representation, events they performed the performer's id, and anyone's event whose details name them
 * in an exact field that value (see {@link Anonymizer}). Nothing else changes.
 */
public class KeycloakEventsUserData implements UserDataContributor {

    public static final String EVENTS = "EVENT_ENTITY";
    public static final String ADMIN_EVENTS = "ADMIN_EVENT_ENTITY";
    private static final int PAGE = 500;
    private static final String ANONYMIZED = "{\"anonymized\":true}";

    private final KeycloakSession session;

    public KeycloakEventsUserData(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Set<String> sections() {
        return Set.of("keycloak_events");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void export(RealmModel realm, DataSubject subject, String section, ExportBundle.Rows out) {
        if (!subject.hasAccount()) {
            return;
        }
        EntityManager em = RealmData.em(session);
        int offset = 0;
        while (true) {
            List<Object[]> rows = em.createNativeQuery("select ID, EVENT_TIME, TYPE, CLIENT_ID, IP_ADDRESS, ERROR, SESSION_ID, "
                            + "DETAILS_JSON, DETAILS_JSON_LONG_VALUE from EVENT_ENTITY where REALM_ID = ?1 and USER_ID = ?2 "
                            + "order by EVENT_TIME, ID")
                    .setParameter(1, realm.getId()).setParameter(2, subject.userId())
                    .setFirstResult(offset).setMaxResults(PAGE).getResultList();
            for (Object[] r : rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", "login");
                row.put("id", r[0]);
                row.put("time", java.time.Instant.ofEpochMilli(((Number) r[1]).longValue()).toString());
                row.put("type", r[2]);
                row.put("client_id", r[3]);
                row.put("ip", r[4]);
                row.put("error", r[5]);
                row.put("session_id", r[6]);
                String details = r[8] != null ? RealmData.text(r[8]) : RealmData.text(r[7]);
                row.put("details", details == null ? null : readOrText(details));
                out.write(row);
            }
            em.clear();
            if (rows.size() < PAGE) {
                break;
            }
            offset += PAGE;
        }
        offset = 0;
        while (true) {
            List<Object[]> rows = em.createNativeQuery("select ID, ADMIN_EVENT_TIME, OPERATION_TYPE, RESOURCE_TYPE, RESOURCE_PATH, "
                            + "IP_ADDRESS, ERROR, AUTH_USER_ID from ADMIN_EVENT_ENTITY where (REALM_ID = ?1 or AUTH_REALM_ID = ?1) "
                            + "and (RESOURCE_PATH = ?2 or RESOURCE_PATH like ?3 or AUTH_USER_ID = ?4) order by ADMIN_EVENT_TIME, ID")
                    .setParameter(1, realm.getId())
                    .setParameter(2, "users/" + subject.userId())
                    .setParameter(3, "users/" + subject.userId() + "/%")
                    .setParameter(4, subject.userId())
                    .setFirstResult(offset).setMaxResults(PAGE).getResultList();
            for (Object[] r : rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", "admin");
                row.put("id", r[0]);
                row.put("time", java.time.Instant.ofEpochMilli(((Number) r[1]).longValue()).toString());
                row.put("type", r[2]);
                row.put("resource_type", r[3]);
                row.put("resource_path", r[4]);
                row.put("ip", r[5]);
                row.put("error", r[6]);
                row.put("performed_by_user", subject.userId().equals(r[7]));
                out.write(row);
            }
            em.clear();
            if (rows.size() < PAGE) {
                break;
            }
            offset += PAGE;
        }
    }

    private static Object readOrText(String details) {
        try {
            return Json.read(details);
        } catch (RuntimeException e) {
            return details;
        }
    }

    @Override
    public Map<String, Long> erase(RealmModel realm, DataSubject subject, int limit) {
        EntityManager em = RealmData.em(session);
        Anonymizer anonymizer = new Anonymizer(subject.userId(), subject.email(), subject.username(), realm.getName());
        Map<String, Long> counts = new LinkedHashMap<>();
        long events = eraseEvents(em, realm, subject, anonymizer, limit);
        if (events > 0) {
            counts.put(EVENTS, events);
        }
        long adminEvents = subject.userId() == null ? 0 : eraseAdminEvents(em, realm, subject.userId(), anonymizer, limit);
        if (adminEvents > 0) {
            counts.put(ADMIN_EVENTS, adminEvents);
        }
        return counts;
    }

    /**
     * Login events: the subject's own (their user id) lose it and their personal details; anyone's whose details
     * name the subject in an exact field (a username typed into a form) lose that value.
     */
    @SuppressWarnings("unchecked")
    private static long eraseEvents(EntityManager em, RealmModel realm, DataSubject subject, Anonymizer anonymizer, int limit) {
        List<Object[]> own = subject.userId() == null ? List.of()
                : em.createNativeQuery("select ID, DETAILS_JSON, DETAILS_JSON_LONG_VALUE from EVENT_ENTITY where REALM_ID = ?1 and USER_ID = ?2")
                        .setParameter(1, realm.getId()).setParameter(2, subject.userId()).setMaxResults(limit).getResultList();
        for (Object[] r : own) {
            em.createNativeQuery("update EVENT_ENTITY set USER_ID = null, DETAILS_JSON = ?1, DETAILS_JSON_LONG_VALUE = ?2 where ID = ?3")
                    .setParameter(1, anonymizer.json(text(r[1]), true, false))
                    .setParameter(2, anonymizer.json(text(r[2]), true, false))
                    .setParameter(3, r[0]).executeUpdate();
        }
        if (own.size() >= limit) {
            return own.size();
        }
        Needles.Clause named = Needles.any(List.of("DETAILS_JSON", "DETAILS_JSON_LONG_VALUE"), anonymizer.needles(), i -> "?" + (2 + i));
        var query = em.createNativeQuery("select ID, DETAILS_JSON, DETAILS_JSON_LONG_VALUE from EVENT_ENTITY where REALM_ID = ?1 and " + named.sql())
                .setParameter(1, realm.getId());
        for (int i = 0; i < named.params().size(); i++) {
            query.setParameter(2 + i, named.params().get(i));
        }
        List<Object[]> typed = query.setMaxResults(limit - own.size()).getResultList();
        for (Object[] r : typed) {
            String details = anonymizer.json(text(r[1]), false, true);
            String longDetails = anonymizer.json(text(r[2]), false, true);
            if (java.util.Objects.equals(details, text(r[1])) && java.util.Objects.equals(longDetails, text(r[2]))) {
                // selected as naming the subject, yet no field matched (the database lower-cased differently)
                details = r[1] == null ? null : ANONYMIZED;
                longDetails = r[2] == null ? null : ANONYMIZED;
            }
            em.createNativeQuery("update EVENT_ENTITY set DETAILS_JSON = ?1, DETAILS_JSON_LONG_VALUE = ?2 where ID = ?3")
                    .setParameter(1, details).setParameter(2, longDetails).setParameter(3, r[0]).executeUpdate();
        }
        return own.size() + typed.size();
    }

    /**
     * Admin events about the subject ({@code users/<id>} and below) lose the id in the path, the stored
     * representation and their personal details; events the subject performed lose the performer's id.
     */
    @SuppressWarnings("unchecked")
    private static long eraseAdminEvents(EntityManager em, RealmModel realm, String userId, Anonymizer anonymizer, int limit) {
        List<Object[]> rows = em.createNativeQuery("select ID, RESOURCE_PATH, AUTH_USER_ID, DETAILS_JSON from ADMIN_EVENT_ENTITY "
                        + "where (REALM_ID = ?1 or AUTH_REALM_ID = ?1) and (RESOURCE_PATH = ?2 or RESOURCE_PATH like ?3 escape '!' "
                        + "or AUTH_USER_ID = ?4)")
                .setParameter(1, realm.getId())
                .setParameter(2, "users/" + userId)
                .setParameter(3, "users/" + RealmData.likeEscape(userId) + "/%")
                .setParameter(4, userId)
                .setMaxResults(limit).getResultList();
        for (Object[] r : rows) {
            String path = (String) r[1];
            boolean about = anonymizer.pathIsAbout(path);
            String authUser = anonymizer.isSubjectId((String) r[2]) ? null : (String) r[2];
            String details = anonymizer.json(text(r[3]), about, false);
            em.createNativeQuery("update ADMIN_EVENT_ENTITY set RESOURCE_PATH = ?1, AUTH_USER_ID = ?2, DETAILS_JSON = ?3"
                            + (about ? ", REPRESENTATION = null" : "") + " where ID = ?4")
                    .setParameter(1, anonymizer.path(path)).setParameter(2, authUser).setParameter(3, details)
                    .setParameter(4, r[0]).executeUpdate();
        }
        return rows.size();
    }

    /** Large text comes back as a Clob on H2 and Oracle. */
    private static String text(Object value) {
        return RealmData.text(value);
    }

    /** Registered as {@code keycloak-events}. */
    public static class Factory implements UserDataContributorFactory {

        @Override
        public UserDataContributor create(KeycloakSession session) {
            return new KeycloakEventsUserData(session);
        }

        @Override
        public int order() {
            return 60;
        }

        @Override
        public String getId() {
            return "keycloak-events";
        }
    }
}
