package io.authio.keycloak.dsr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * data-subject requests. Exported as {@code keycloak_events}; on deletion the rows stay as history with
 * the user id removed, details scrubbed, user paths rewritten to {@code users/[deleted]} and the stored
 * user representation dropped.
 */
public class KeycloakEventsUserData implements UserDataContributor {

    public static final String EVENTS = "EVENT_ENTITY";
    public static final String ADMIN_EVENTS = "ADMIN_EVENT_ENTITY";
    private static final int PAGE = 500;

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
    @SuppressWarnings("unchecked")
    public Map<String, Long> erase(RealmModel realm, DataSubject subject, int limit) {
        EntityManager em = RealmData.em(session);
        Anonymizer anonymizer = new Anonymizer(subject.userId(), subject.email(), subject.username());
        String email = "%" + AuditUserData.likeEscape(subject.email().toLowerCase(Locale.ROOT)) + "%";
        String username = subject.username() == null ? email
                : "%\"" + AuditUserData.likeEscape(subject.username().toLowerCase(Locale.ROOT)) + "\"%";
        String userId = subject.userId() == null ? "-" : subject.userId();

        List<Object[]> events = em.createNativeQuery("select ID, DETAILS_JSON, DETAILS_JSON_LONG_VALUE from EVENT_ENTITY "
                        + "where REALM_ID = ?1 and (USER_ID = ?2 or lower(DETAILS_JSON) like ?3 escape '!' "
                        + "or lower(DETAILS_JSON) like ?4 escape '!' or lower(DETAILS_JSON_LONG_VALUE) like ?3 escape '!' "
                        + "or lower(DETAILS_JSON_LONG_VALUE) like ?4 escape '!')")
                .setParameter(1, realm.getId()).setParameter(2, userId).setParameter(3, email).setParameter(4, username)
                .setMaxResults(limit).getResultList();
        for (Object[] r : events) {
            String details = r[1] == null ? null : scrub(anonymizer, RealmData.text(r[1]));
            String longDetails = r[2] == null ? null : scrub(anonymizer, RealmData.text(r[2]));
            em.createNativeQuery("update EVENT_ENTITY set USER_ID = null, DETAILS_JSON = ?1, DETAILS_JSON_LONG_VALUE = ?2 where ID = ?3")
                    .setParameter(1, details).setParameter(2, longDetails).setParameter(3, r[0]).executeUpdate();
        }

        List<Object[]> adminEvents = em.createNativeQuery("select ID, RESOURCE_PATH, AUTH_USER_ID, DETAILS_JSON from ADMIN_EVENT_ENTITY "
                        + "where (REALM_ID = ?1 or AUTH_REALM_ID = ?1) and (RESOURCE_PATH = ?2 or RESOURCE_PATH like ?3 "
                        + "or AUTH_USER_ID = ?4 or lower(REPRESENTATION) like ?5 escape '!' or lower(DETAILS_JSON) like ?5 escape '!')")
                .setParameter(1, realm.getId())
                .setParameter(2, "users/" + userId)
                .setParameter(3, "users/" + userId + "/%")
                .setParameter(4, userId)
                .setParameter(5, email)
                .setMaxResults(limit).getResultList();
        for (Object[] r : adminEvents) {
            String path = anonymizer.text((String) r[1]);
            String authUser = userId.equals(r[2]) ? null : (String) r[2];
            String details = r[3] == null ? null : scrub(anonymizer, RealmData.text(r[3]));
            em.createNativeQuery("update ADMIN_EVENT_ENTITY set RESOURCE_PATH = ?1, AUTH_USER_ID = ?2, REPRESENTATION = null, "
                            + "DETAILS_JSON = ?3 where ID = ?4")
                    .setParameter(1, path).setParameter(2, authUser).setParameter(3, details).setParameter(4, r[0]).executeUpdate();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        if (!events.isEmpty()) {
            counts.put(EVENTS, (long) events.size());
        }
        if (!adminEvents.isEmpty()) {
            counts.put(ADMIN_EVENTS, (long) adminEvents.size());
        }
        return counts;
    }

    private static String scrub(Anonymizer anonymizer, String document) {
        String out = anonymizer.json(document);
        return anonymizer.stillNames(out) ? "{\"anonymized\":true}" : out;
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
