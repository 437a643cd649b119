package io.authio.keycloak.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.retention.RetentionCategory;
import io.authio.core.retention.RetentionPolicy;
import io.authio.keycloak.store.InList;
import io.authio.keycloak.store.RealmData;
import io.authio.keycloak.store.RealmSettings;

/**
 * Deletes what outlived its retention from every Authio table: first each table's rows past the operator's ceiling
 * in every realm, then, for realms that chose shorter, their own. Each batch (at most {@code batch-size} rows, their
 * child rows with them) is a transaction of its own, so sign-ins never wait on a purge; a run stops after
 * {@code max-run-seconds} and the next continues, starting with another table. Plain SQL any database runs.
 * <p>
 * The pass over all realms reads an index led by the rule's clock; a realm's own pass reads an index led by
 * REALM_ID, so its cost follows that realm's rows, not everyone's.
 */
final class Purge implements Runnable {

    static final String NAME = "authio-retention-purge";
    /** Where each realm's retention is stored (AUTHIO_REALM_SETTING). */
    static final String SETTING = "retention";
    private static final Logger LOG = Logger.getLogger(Purge.class);

    /**
     * One table's purge: rows whose {@code clock} is older than the retention of its categories (the longest of
     * them), or, without a category, rows whose {@code clock} (an expiry) has passed. {@code children} are
     * "TABLE.COLUMN" references to the row's ID, deleted with it.
     */
    record Rule(String table, String clock, String condition, List<RetentionCategory> categories, List<String> children) {

        Duration retention(RetentionPolicy policy, Map<RetentionCategory, Duration> realm) {
            Duration longest = Duration.ZERO;
            for (RetentionCategory c : categories) {
                Duration d = policy.effective(c, realm);
                longest = d.compareTo(longest) > 0 ? d : longest;
            }
            return longest;
        }
    }

    private static final String ATTEMPTS = "AUTHIO_DELIVERY_ATTEMPT.OUTBOX_ID";

    /** Every table Authio writes, except configuration (destinations, realm settings) and data keys (see docs/operations.md). */
    static final List<Rule> RULES = List.of(
            new Rule("AUTHIO_AUDIT_EVENT", "OCCURRED_AT", null, List.of(RetentionCategory.AUDIT_EVENTS), List.of()),
            // by kind, each a range of the (KIND, CREATED_AT) index: a new kind of decision needs a rule of its own here
            new Rule("AUTHIO_RISK_DECISION", "CREATED_AT", "KIND = 'login'", List.of(RetentionCategory.RISK_DECISIONS), List.of()),
            new Rule("AUTHIO_RISK_DECISION", "CREATED_AT", "KIND = 'direct_grant'", List.of(RetentionCategory.RISK_DECISIONS), List.of()),
            new Rule("AUTHIO_RISK_DECISION", "CREATED_AT", "KIND = 'sso'", List.of(RetentionCategory.RISK_DECISIONS), List.of()),
            new Rule("AUTHIO_RISK_DECISION", "CREATED_AT", "KIND = 'broker'", List.of(RetentionCategory.RISK_DECISIONS), List.of()),
            new Rule("AUTHIO_RISK_DECISION", "CREATED_AT", "KIND = 'failed_attempt'", List.of(RetentionCategory.FAILED_ATTEMPTS), List.of()),
            // the hourly counts go with their decisions: an hour's count once its first decision may be purged
            new Rule("AUTHIO_RISK_DECISION_HOURLY", "HOUR_START", "KIND = 'login'", List.of(RetentionCategory.RISK_DECISIONS), List.of()),
            new Rule("AUTHIO_RISK_DECISION_HOURLY", "HOUR_START", "KIND = 'failed_attempt'", List.of(RetentionCategory.FAILED_ATTEMPTS), List.of()),
            new Rule("AUTHIO_STEP_UP_CHALLENGE", "CREATED_AT", null, List.of(RetentionCategory.STEP_UP_CHALLENGES), List.of()),
            new Rule("AUTHIO_DEVICE", "LAST_SEEN", null, List.of(RetentionCategory.DEVICES), List.of()),
            new Rule("AUTHIO_RISK_PROFILE", "UPDATED_AT", null, List.of(RetentionCategory.RISK_PROFILES), List.of()),
            // a terminal message's NEXT_ATTEMPT_AT is the end of its last attempt's lease
            new Rule("AUTHIO_OUTBOX", "NEXT_ATTEMPT_AT", "STATUS = 'delivered'", List.of(RetentionCategory.DELIVERED_DELIVERIES), List.of(ATTEMPTS)),
            new Rule("AUTHIO_OUTBOX", "NEXT_ATTEMPT_AT", "STATUS = 'dead'", List.of(RetentionCategory.DEAD_DELIVERIES), List.of(ATTEMPTS)),
            // a SIEM request's row (no OUTBOX_ID) delivered its batch: it goes with delivered messages
            new Rule("AUTHIO_DELIVERY_ATTEMPT", "ATTEMPTED_AT", "OUTBOX_ID is null", List.of(RetentionCategory.DELIVERED_DELIVERIES), List.of()),
            new Rule("AUTHIO_DELIVERY_ATTEMPT", "ATTEMPTED_AT", null,
                    List.of(RetentionCategory.DELIVERED_DELIVERIES, RetentionCategory.DEAD_DELIVERIES), List.of()),
            new Rule("AUTHIO_DSR", "UPDATED_AT", "STATUS in ('completed', 'cancelled')", List.of(RetentionCategory.CLOSED_DSR),
                    List.of("AUTHIO_DSR_ARTIFACT.DSR_ID")),
            new Rule("AUTHIO_API_KEY", "REVOKED_AT", null, List.of(RetentionCategory.REVOKED_API_KEYS), List.of()),
            new Rule("AUTHIO_API_KEY", "EXPIRES_AT", null, List.of(RetentionCategory.REVOKED_API_KEYS), List.of()),
            new Rule("AUTHIO_KEY_ROTATION", "ROTATED_AT", null, List.of(RetentionCategory.KEY_ROTATIONS), List.of()),
            new Rule("AUTHIO_RATE_LIMIT", "EXPIRES_AT", null, List.of(), List.of()),
            new Rule("AUTHIO_DSR_ARTIFACT", "EXPIRES_AT", null, List.of(), List.of()));

    private final KeycloakSessionFactory factory;
    private final RetentionConfig config;
    private int first;

    Purge(KeycloakSessionFactory factory, RetentionConfig config) {
        this.factory = factory;
        this.config = config;
    }

    @Override
    public void run() {
        long now = System.currentTimeMillis();
        long deadline = now + config.maxRun().toMillis();
        RetentionPolicy policy = config.policy();
        Map<String, Map<RetentionCategory, Duration>> realms = new LinkedHashMap<>();
        KeycloakModelUtils.runJobInTransaction(factory, s -> new RealmSettings(s).all(SETTING)
                .forEach((realmId, stored) -> realms.put(realmId, RetentionPolicy.parseStored(stored))));
        long purged = 0;
        int start = first++ % RULES.size();
        for (int i = 0; i < RULES.size() && System.currentTimeMillis() < deadline; i++) {
            Rule rule = RULES.get((start + i) % RULES.size());
            Duration ceiling = rule.retention(policy, Map.of());
            purged += purge(rule, null, now - ceiling.toMillis(), deadline);
            for (Map.Entry<String, Map<RetentionCategory, Duration>> realm : realms.entrySet()) {
                Duration own = rule.retention(policy, realm.getValue());
                if (own.compareTo(ceiling) < 0) {
                    purged += purge(rule, realm.getKey(), now - own.toMillis(), deadline);
                }
            }
        }
        long took = System.currentTimeMillis() - now;
        if (System.currentTimeMillis() >= deadline) {
            LOG.infof("Retention purge deleted %d rows in %d ms and stopped at its time limit; the next run continues", purged, took);
        } else if (purged > 0) {
            LOG.debugf("Retention purge deleted %d rows in %d ms", purged, took);
        }
    }

    /** Deletes the rule's rows older than {@code cutoff} (of one realm, or of all), batch by batch. */
    private long purge(Rule rule, String realmId, long cutoff, long deadline) {
        long total = 0;
        int deleted;
        do {
            deleted = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmData.readCommitted(s);
                return batch(RealmData.em(s), rule, realmId, cutoff);
            });
            total += deleted;
        } while (deleted == config.batchSize() && System.currentTimeMillis() < deadline);
        return total;
    }

    private int batch(EntityManager em, Rule rule, String realmId, long cutoff) {
        Query select = em.createNativeQuery("select ID from " + rule.table() + " where " + rule.clock() + " < ?1"
                + (rule.condition() == null ? "" : " and " + rule.condition()) + (realmId == null ? "" : " and REALM_ID = ?2"));
        select.setParameter(1, cutoff);
        if (realmId != null) {
            select.setParameter(2, realmId);
        }
        List<String> ids = new ArrayList<>();
        for (Object id : select.setMaxResults(config.batchSize()).getResultList()) {
            ids.add(id.toString());
        }
        if (ids.isEmpty()) {
            return 0;
        }
        for (String child : rule.children()) {
            String[] ref = child.split("\\.");
            InList.update(em, "delete from " + ref[0] + " where " + ref[1] + " in ", List.of(), ids);
        }
        InList.update(em, "delete from " + rule.table() + " where ID in ", List.of(), ids);
        return ids.size();
    }
}
