package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.KeycloakProcess;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * A large erasure runs in the background under a lease it renews; attacks on that: the fulfil call must not hold
 * the HTTP request (202 at once), a second run that takes the lease over while the first still runs must stop the
 * first from writing (no row counted twice), and a node killed with SIGKILL mid-erasure must have its run resumed
 * by another node that starts later, every row counted exactly once. Two Keycloak processes on one database.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrJobAttackIT {

    private static final String DB = "authio_dsr_jobs";
    private static final int AUDIT_ROWS = 60_000;
    private static final int RISK_ROWS = 5_000;
    private static final int LEASE_SECONDS = 4;

    @InjectKeycloakUrls
    KeycloakUrls frameworkServer; // the framework's server prepared the installation the nodes copy

    @Test
    void aDeletionOutlivesItsNodeAndCountsEveryRowOnce() throws Exception {
        TestDb.createDatabase(DB);
        Map<String, String> options = Map.of(
                "spi-authio-dsr--default--claim-lease-seconds", Integer.toString(LEASE_SECONDS),
                "spi-authio-dsr--default--job-check-interval-millis", "500",
                "spi-authio-dsr--default--batch-size", "10"); // many short batches: the run outlasts the steps below
        try (KeycloakProcess a = KeycloakProcess.copyOfFrameworkInstall(Path.of("target/kc-dsr-a"), 8280, 9280, DB, options);
                KeycloakProcess b = KeycloakProcess.copyOfFrameworkInstall(Path.of("target/kc-dsr-b"), 8281, 9281, DB, options)) {
            a.start(Duration.ofMinutes(4));
            String realmId;
            Users.Created subject;
            Keycloak adminOfA = a.admin(); // kept open: closing the client ends its session (and its tokens)
            Realms.TestRealm realm = Realms.importDemoAs(adminOfA, a.baseUrl(), "jobs");
            realmId = realm.getId();
            subject = Users.create(realm.admin(), "large");
            seed(realmId, subject.id());
            String token = adminOfA.tokenManager().getAccessTokenString();
            long total = count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id());
            long riskTotal = count("select count(*) from AUTHIO_RISK_DECISION where USER_ID = ?", subject.id());
            assertTrue(total >= AUDIT_ROWS && riskTotal == RISK_ROWS, total + " audit, " + riskTotal + " risk rows");

            String api = a.baseUrl() + "/admin/realms/jobs/authio/compliance/dsr";
            Json.Reply created = Json.send("POST", api, token, "{\"request_type\":\"deletion\",\"user_email\":\"" + subject.email() + "\"}");
            assertEquals(201, created.status(), created.body());
            String id = created.json().get("dsr_id").asText();

            // the fulfil call answers at once: the erasure runs in the background
            long t0 = System.nanoTime();
            Json.Reply accepted = Json.send(HttpRequest.newBuilder(URI.create(api + "/" + id + "/fulfill")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Prefer", "respond-async")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            long answeredMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals("in_progress", accepted.json().get("status").asText());
            assertTrue(accepted.header("Location").endsWith("/compliance/dsr/" + id), accepted.header("Location"));
            assertTrue(answeredMs < 5_000, "answered in " + answeredMs + " ms");

            // the run renews its lease: after twice the lease it is still the same run, and it progresses
            String firstRun = await(() -> leaseOwner(id), v -> v != null, 30_000);
            long claimedAt = claimedAt(id);
            Thread.sleep(2_500L * LEASE_SECONDS);
            assertEquals(firstRun, leaseOwner(id), "nobody took the run over while it renewed its lease");
            assertTrue(claimedAt(id) > claimedAt + 1000L * LEASE_SECONDS, "the lease was renewed");
            long progressed = auditCounted(id);
            assertTrue(progressed > 0 && progressed < total, "progress " + progressed + " of " + total + " audit rows");

            // a second run takes the lease over while the first still runs: the first writes nothing more
            execute("update AUTHIO_DSR set LEASE_OWNER = 'another-run', CLAIMED_AT = ? where ID = ?", System.currentTimeMillis() + 3_600_000, id);
            Thread.sleep(1_000);
            long frozenCount = counted(id);
            long frozenRows = count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id());
            Thread.sleep(3_000);
            assertEquals(frozenCount, counted(id), "the run that lost its lease counted no more rows");
            assertEquals(frozenRows, count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id()),
                    "the run that lost its lease anonymized no more rows");
            assertEquals(total - auditCounted(id), frozenRows, "audit rows anonymized = audit rows counted");

            // that other run stops (its lease expires): the sweep resumes the request on node A
            execute("update AUTHIO_DSR set CLAIMED_AT = ? where ID = ?", System.currentTimeMillis() - 3_600_000, id);
            String resumedOnA = await(() -> leaseOwner(id), v -> v != null && !v.equals("another-run"), 30_000);
            await(() -> counted(id), n -> n > frozenCount, 30_000);

            // node A dies mid-erasure; node B, started afterwards, resumes the run
            a.kill9();
            long atKill = counted(id);
            assertTrue(atKill < total + riskTotal, "killed before the end: " + atKill);
            assertEquals("in_progress", status(id));
            b.start(Duration.ofMinutes(4));
            String resumedOnB = await(() -> leaseOwner(id), v -> v != null && !v.equals(resumedOnA), 120_000);
            assertNotEquals(resumedOnA, resumedOnB);
            await(() -> status(id), "completed"::equals, 600_000);

            JsonNode done;
            try (Keycloak admin = b.admin()) {
                done = Json.get(b.baseUrl() + "/admin/realms/jobs/authio/compliance/dsr/" + id, admin.tokenManager().getAccessTokenString()).json();
            }
            JsonNode tables = done.get("evidence").get("tables");
            assertEquals(total, tables.get("AUTHIO_AUDIT_EVENT").asLong(), "every audit row counted exactly once across three runs: " + tables);
            assertEquals(riskTotal, tables.get("AUTHIO_RISK_DECISION").asLong(), tables.toString());
            assertEquals(1, tables.get("USER_ENTITY").asLong());
            assertEquals(0, count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id()));
            assertEquals(0, count("select count(*) from AUTHIO_RISK_DECISION where USER_ID = ?", subject.id()));
            assertEquals(0, count("select count(*) from USER_ENTITY where ID = ?", subject.id()));
            assertEquals(1, count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'dsr.fulfilled'", realmId));
            assertNotNull(done.get("evidence").get("completed_at"));
        }
    }

    /**
     * The subject's history, written in JDBC batches (any database), dated within the last hour: older rows would be
     * the retention purge's to delete (the seeded years-old rows of an earlier version vanished mid-run).
     */
    private static void seed(String realmId, String userId) throws Exception {
        long start = System.currentTimeMillis() - 3_600_000L;
        batch("insert into AUTHIO_AUDIT_EVENT (ID, REALM_ID, OCCURRED_AT, TYPE, OUTCOME, ACTOR_TYPE, ACTOR_ID, USER_ID, IP, METADATA) "
                + "values (?, ?, ?, 'user.login.succeeded', 'success', 'user', ?, ?, '203.0.113.7', '{\"user_email\":\"x@example.test\"}')",
                AUDIT_ROWS, g -> new Object[] {UUID.randomUUID().toString(), realmId, start + g, userId, userId});
        batch("insert into AUTHIO_RISK_DECISION (ID, REALM_ID, USER_ID, KIND, SESSION_ID, IP, SIGNALS, SCORE, DECISION, OUTCOME, CREATED_AT) "
                + "values (?, ?, ?, 'login', 's', '203.0.113.7', '{}', 10, 'allow', 'success', ?)",
                RISK_ROWS, g -> new Object[] {UUID.randomUUID().toString(), realmId, userId, start + g});
    }

    private static void batch(String sql, int rows, java.util.function.IntFunction<Object[]> row) throws Exception {
        try (Connection c = TestDb.connect(DB); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int g = 1; g <= rows; g++) {
                Object[] params = row.apply(g);
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.addBatch();
                if (g % 1000 == 0 || g == rows) {
                    ps.executeBatch();
                }
            }
            c.commit();
        }
    }

    private static long counted(String id) throws Exception {
        String evidence = string("select EVIDENCE from AUTHIO_DSR where ID = ?", id);
        if (evidence == null) {
            return 0;
        }
        JsonNode tables = Json.MAPPER.readTree(evidence).path("tables");
        return tables.path("AUTHIO_AUDIT_EVENT").asLong(0) + tables.path("AUTHIO_RISK_DECISION").asLong(0);
    }

    private static long auditCounted(String id) throws Exception {
        String evidence = string("select EVIDENCE from AUTHIO_DSR where ID = ?", id);
        return evidence == null ? 0 : Json.MAPPER.readTree(evidence).path("tables").path("AUTHIO_AUDIT_EVENT").asLong(0);
    }

    private static String leaseOwner(String id) throws Exception {
        return string("select LEASE_OWNER from AUTHIO_DSR where ID = ?", id);
    }

    private static String status(String id) throws Exception {
        return string("select STATUS from AUTHIO_DSR where ID = ?", id);
    }

    private static long claimedAt(String id) throws Exception {
        String v = string("select CLAIMED_AT from AUTHIO_DSR where ID = ?", id);
        return v == null ? 0 : Long.parseLong(v);
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(Probe<T> probe, java.util.function.Predicate<T> done, long timeoutMillis) throws Exception {
        long until = System.currentTimeMillis() + timeoutMillis;
        T value = probe.get();
        while (!done.test(value) && System.currentTimeMillis() < until) {
            Thread.sleep(200);
            value = probe.get();
        }
        assertTrue(done.test(value), "gave up waiting; last value " + value);
        return value;
    }

    private static String string(String sql, Object... params) throws Exception {
        try (Connection c = TestDb.connect(DB); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(String sql, Object... params) throws Exception {
        return Long.parseLong(string(sql, params));
    }

    private static void execute(String sql, Object... params) throws Exception {
        try (Connection c = TestDb.connect(DB); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
