package io.authio.tests.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import io.authio.core.id.Uuid7;
import io.authio.tests.support.TestDb;

/**
 * Rows of every Authio table that is purged by age, written directly as the capabilities would write them, with
 * a chosen time: what retention tests age and count. Rows whose lifetime is an expiry (rate-limit keys, export
 * chunks) expire 5 s after the given time.
 */
enum RetentionRows {

    AUDIT_EVENT("AUTHIO_AUDIT_EVENT", "",
            "insert into AUTHIO_AUDIT_EVENT (ID, REALM_ID, OCCURRED_AT, TYPE, OUTCOME, ACTOR_TYPE) values (?, ?, ?, 'retention.test', 'success', 'system')"),
    SIGN_IN_DECISION("AUTHIO_RISK_DECISION", " and KIND = 'login'",
            "insert into AUTHIO_RISK_DECISION (ID, REALM_ID, KIND, SIGNALS, SCORE, DECISION, OUTCOME, CREATED_AT) "
                    + "values (?, ?, 'login', '[]', 0, 'allow', 'succeeded', ?)"),
    FAILED_ATTEMPT("AUTHIO_RISK_DECISION", " and KIND = 'failed_attempt'",
            "insert into AUTHIO_RISK_DECISION (ID, REALM_ID, KIND, SIGNALS, SCORE, DECISION, OUTCOME, CREATED_AT) "
                    + "values (?, ?, 'failed_attempt', '[]', 0, 'allow', 'failed', ?)"),
    // the console overview's hourly counts go with the decisions they count (a distinct decision keeps rows apart)
    HOURLY_SIGN_INS("AUTHIO_RISK_DECISION_HOURLY", " and KIND = 'login'",
            "insert into AUTHIO_RISK_DECISION_HOURLY (ID, REALM_ID, HOUR_START, KIND, DECISION, DECISION_COUNT) values (?, ?, ?, 'login', ?, 7)"),
    HOURLY_FAILED_ATTEMPTS("AUTHIO_RISK_DECISION_HOURLY", " and KIND = 'failed_attempt'",
            "insert into AUTHIO_RISK_DECISION_HOURLY (ID, REALM_ID, HOUR_START, KIND, DECISION, DECISION_COUNT) values (?, ?, ?, 'failed_attempt', ?, 7)"),
    STEP_UP_CHALLENGE("AUTHIO_STEP_UP_CHALLENGE", "",
            "insert into AUTHIO_STEP_UP_CHALLENGE (ID, REALM_ID, USER_ID, DECISION_ID, STATUS, CREATED_AT) values (?, ?, ?, ?, 'passed', ?)"),
    DEVICE("AUTHIO_DEVICE", "",
            "insert into AUTHIO_DEVICE (ID, REALM_ID, USER_ID, TOKEN_DIGEST, FIRST_SEEN, LAST_SEEN) values (?, ?, ?, ?, ?, ?)"),
    RISK_PROFILE("AUTHIO_RISK_PROFILE", "",
            "insert into AUTHIO_RISK_PROFILE (ID, REALM_ID, USER_ID, PROFILE, UPDATED_AT) values (?, ?, ?, '{}', ?)"),
    DELIVERED_MESSAGE("AUTHIO_OUTBOX", " and STATUS = 'delivered'",
            "insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT, "
                    + "DELIVERED_AT) values (?, ?, ?, ?, 'retention.test', 'delivered', 1, ?, ?, ?)"),
    DEAD_MESSAGE("AUTHIO_OUTBOX", " and STATUS = 'dead'",
            "insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT) "
                    + "values (?, ?, ?, ?, 'retention.test', 'dead', 5, ?, ?)"),
    DELIVERY_ATTEMPT("AUTHIO_DELIVERY_ATTEMPT", "",
            "insert into AUTHIO_DELIVERY_ATTEMPT (ID, REALM_ID, OUTBOX_ID, DESTINATION_ID, ATTEMPT, ATTEMPTED_AT, SUCCEEDED, LATENCY_MS) "
                    + "values (?, ?, ?, ?, 1, ?, true, 3)"),
    CLOSED_DSR("AUTHIO_DSR", "",
            "insert into AUTHIO_DSR (ID, REALM_ID, REQUEST_TYPE, STATUS, EMAIL_HASH, CREATED_AT, DUE_AT, UPDATED_AT, COMPLETED_AT) "
                    + "values (?, ?, 'deletion', 'completed', ?, ?, ?, ?, ?)"),
    DSR_ARTIFACT("AUTHIO_DSR_ARTIFACT", "",
            "insert into AUTHIO_DSR_ARTIFACT (ID, REALM_ID, DSR_ID, SEQ, EXPIRES_AT) values (?, ?, ?, 0, ?)"),
    REVOKED_API_KEY("AUTHIO_API_KEY", "",
            "insert into AUTHIO_API_KEY (ID, REALM_ID, NAME, MODE, LOOKUP, DIGEST, SCOPES, CLIENT_ID, CREATED_AT, REVOKED_AT) "
                    + "values (?, ?, 'retention', 'live', ?, ?, 'dsr', ?, ?, ?)"),
    KEY_ROTATION("AUTHIO_KEY_ROTATION", "",
            "insert into AUTHIO_KEY_ROTATION (ID, REALM_ID, KIND, ROTATED_AT, ACTOR_TYPE) values (?, ?, 'data_key', ?, 'system')"),
    RATE_LIMIT_KEY("AUTHIO_RATE_LIMIT", "",
            "insert into AUTHIO_RATE_LIMIT (ID, REALM_ID, TAT, EXPIRES_AT) values (?, ?, ?, ?)");

    static final long EXPIRY_MILLIS = 5_000;

    final String table;
    private final String filter;
    private final String insert;

    RetentionRows(String table, String filter, String insert) {
        this.table = table;
        this.filter = filter;
        this.insert = insert;
    }

    /** Writes {@code n} rows of this kind for the realm, timed at {@code at} (epoch millis), in the connection's transaction. */
    void insert(Connection c, String realmId, long at, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < n; i++) {
                bind(ps, realmId, at);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** This kind's rows of the realm. */
    long count(String realmId) {
        return TestDb.count("select count(*) from " + table + " where REALM_ID = ?" + filter, realmId);
    }

    private void bind(PreparedStatement ps, String realmId, long at) throws SQLException {
        String id = Uuid7.next();
        String other = UUID.randomUUID().toString();
        ps.setString(1, this == CLOSED_DSR ? "dsr_" + id.replace("-", "") : this == RATE_LIMIT_KEY ? (id + other).replace("-", "") : id);
        ps.setString(2, realmId);
        switch (this) {
            case AUDIT_EVENT, SIGN_IN_DECISION, FAILED_ATTEMPT, KEY_ROTATION -> ps.setLong(3, at);
            case HOURLY_SIGN_INS, HOURLY_FAILED_ATTEMPTS -> {
                ps.setLong(3, at);
                ps.setString(4, other.substring(0, 16));
            }
            case STEP_UP_CHALLENGE -> {
                ps.setString(3, other);
                ps.setString(4, Uuid7.next());
                ps.setLong(5, at);
            }
            case DEVICE -> {
                ps.setString(3, other);
                ps.setString(4, (id + other).replace("-", ""));
                ps.setLong(5, at);
                ps.setLong(6, at);
            }
            case RISK_PROFILE -> {
                ps.setString(3, other);
                ps.setLong(4, at);
            }
            case DELIVERED_MESSAGE, DEAD_MESSAGE -> {
                ps.setString(3, other);
                ps.setString(4, Uuid7.next());
                ps.setLong(5, at);
                ps.setLong(6, at);
                if (this == DELIVERED_MESSAGE) {
                    ps.setLong(7, at);
                }
            }
            case DELIVERY_ATTEMPT -> {
                ps.setString(3, Uuid7.next());
                ps.setString(4, other);
                ps.setLong(5, at);
            }
            case CLOSED_DSR -> {
                ps.setString(3, "0".repeat(64));
                ps.setLong(4, at);
                ps.setLong(5, at);
                ps.setLong(6, at);
                ps.setLong(7, at);
            }
            case DSR_ARTIFACT -> {
                ps.setString(3, "dsr_" + other.replace("-", ""));
                ps.setLong(4, at + EXPIRY_MILLIS);
            }
            case REVOKED_API_KEY -> {
                ps.setString(3, other.substring(0, 16));
                ps.setString(4, "0".repeat(64));
                ps.setString(5, other);
                ps.setLong(6, at);
                ps.setLong(7, at);
            }
            case RATE_LIMIT_KEY -> {
                ps.setLong(3, at + EXPIRY_MILLIS);
                ps.setLong(4, at + EXPIRY_MILLIS);
            }
            default -> throw new IllegalStateException(name());
        }
    }
}
