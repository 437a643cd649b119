package io.authio.keycloak.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.dsr.ExportBundle;
import io.authio.keycloak.dsr.DataSubject;
import io.authio.keycloak.dsr.UserDataContributor;
import io.authio.keycloak.dsr.UserDataContributorFactory;
import io.authio.keycloak.store.InList;
import io.authio.keycloak.store.RealmData;

/**
 * The risk engine in data-subject requests: decisions, step-up challenges and known devices in the export;
 * on deletion the challenges, devices and the risk profile are removed and the decisions anonymized (they
 * stay as security history: score, signals, time, network — without the account, session, device or
 * username digest that would tie them to the person).
 */
public class RiskUserData implements UserDataContributor {

    private static final int PAGE = 500;

    private final KeycloakSession session;

    public RiskUserData(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Set<String> sections() {
        return Set.of("risk_decisions", "step_up_challenges", "known_devices");
    }

    @Override
    public void export(RealmModel realm, DataSubject subject, String section, ExportBundle.Rows out) {
        if (!subject.hasAccount()) {
            return;
        }
        String sql = switch (section) {
            case "risk_decisions" -> "select ID, CREATED_AT, KIND, IP, COUNTRY, ASN, USER_AGENT, SCORE, DECISION, OUTCOME, SIGNALS "
                    + "from AUTHIO_RISK_DECISION where REALM_ID = ?1 and USER_ID = ?2 and ID > ?3 order by ID";
            case "step_up_challenges" -> "select ID, CREATED_AT, DECISION_ID, METHOD, STATUS, COMPLETED_AT "
                    + "from AUTHIO_STEP_UP_CHALLENGE where REALM_ID = ?1 and USER_ID = ?2 and ID > ?3 order by ID";
            case "known_devices" -> "select ID, FIRST_SEEN, LABEL, LAST_SEEN, LAST_IP, LAST_COUNTRY "
                    + "from AUTHIO_DEVICE where REALM_ID = ?1 and USER_ID = ?2 and ID > ?3 order by ID";
            default -> null;
        };
        if (sql == null) {
            return;
        }
        String[] names = sql.substring("select ".length(), sql.indexOf(" from ")).toLowerCase(java.util.Locale.ROOT).split(", ");
        EntityManager em = RealmData.em(session);
        String after = "";
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, realm.getId()).setParameter(2, subject.userId())
                    .setParameter(3, after).setMaxResults(PAGE).getResultList();
            for (Object[] r : rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    row.put(names[i], r[i] instanceof java.sql.Clob ? RealmData.text(r[i]) : r[i]);
                }
                out.write(row);
            }
            if (rows.size() < PAGE) {
                return;
            }
            after = String.valueOf(rows.get(rows.size() - 1)[0]);
            em.clear();
        }
    }

    @Override
    public Map<String, Long> erase(RealmModel realm, DataSubject subject, int limit) {
        EntityManager em = RealmData.em(session);
        Map<String, Long> counts = new LinkedHashMap<>();
        String realmId = realm.getId();
        if (subject.userId() != null) {
            for (String table : List.of("AUTHIO_STEP_UP_CHALLENGE", "AUTHIO_DEVICE", "AUTHIO_RISK_PROFILE")) {
                // ids first, then the statement: MariaDB and MySQL refuse a LIMIT inside an IN subquery of the changed table
                @SuppressWarnings("unchecked")
                List<String> ids = em.createNativeQuery("select ID from " + table + " where REALM_ID = ?1 and USER_ID = ?2", String.class)
                        .setParameter(1, realmId).setParameter(2, subject.userId()).setMaxResults(limit).getResultList();
                int n = InList.update(em, "delete from " + table + " where ID in ", List.of(), ids);
                if (n > 0) {
                    counts.put(table, (long) n);
                }
            }
        }
        List<String> digests = new ArrayList<>();
        if (subject.username() != null) {
            digests.add(RiskStore.usernameDigest(realmId, subject.username()));
        }
        if (subject.email() != null) {
            digests.add(RiskStore.usernameDigest(realmId, subject.email()));
        }
        @SuppressWarnings("unchecked")
        List<String> decisions = em.createNativeQuery("select ID from AUTHIO_RISK_DECISION where REALM_ID = ?1 and "
                        + "(USER_ID = ?2 or USERNAME_DIGEST in (?3))", String.class)
                .setParameter(1, realmId)
                .setParameter(2, subject.userId() == null ? "" : subject.userId())
                .setParameter(3, digests.isEmpty() ? List.of("") : digests)
                .setMaxResults(limit)
                .getResultList();
        int anonymized = InList.update(em, "update AUTHIO_RISK_DECISION set USER_ID = null, SESSION_ID = null, DEVICE_ID = null, "
                + "USERNAME_DIGEST = null where ID in ", List.of(), decisions);
        if (anonymized > 0) {
            counts.put("AUTHIO_RISK_DECISION", (long) anonymized);
        }
        return counts;
    }

    /** Registered as {@code authio-risk}. */
    public static class Factory implements UserDataContributorFactory {

        @Override
        public UserDataContributor create(KeycloakSession session) {
            return new RiskUserData(session);
        }

        @Override
        public int order() {
            return 60;
        }

        @Override
        public String getId() {
            return "authio-risk";
        }
    }
}
