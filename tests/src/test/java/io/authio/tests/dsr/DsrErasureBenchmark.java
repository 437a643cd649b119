package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.TestDb;

/**
 * Erasure of a user with 100,000 audit rows and 10,000 risk decisions (plus a login, a failed login and admin
 * events): wall time from the fulfil call to completion (the run is in the background; the benchmark polls), rows
 * per second, and the Keycloak JVM's heap, next to stock Keycloak deleting a comparable user through its admin API
 * in the same run (which leaves the history behind). Run:
 * {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=DsrErasureBenchmark}; writes
 * tests/target/benchmarks/dsr-erasure.txt.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrErasureBenchmark {

    private static final int AUDIT_ROWS = 100_000;
    private static final int RISK_ROWS = 10_000;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void erasureOfAUserWith100kAuditAnd10kRiskRows() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-erasure-bench");
        String manager = f.tokenWith("manager", "manage-users", "view-users");
        DsrFixture.Subject subject = f.richUser("erase", AUDIT_ROWS);
        TestDb.update("insert into AUTHIO_RISK_DECISION (ID, REALM_ID, USER_ID, KIND, SESSION_ID, IP, SIGNALS, SCORE, DECISION, OUTCOME, CREATED_AT) "
                + "select gen_random_uuid()::text, ?, ?, 'login', 's', '203.0.113.7', '{}', 10, 'allow', 'success', ? - 3600000 + g "
                + "from generate_series(1, ?) g", f.realm.getId(), subject.id(), System.currentTimeMillis(), RISK_ROWS);
        long audit = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id());
        long risk = TestDb.count("select count(*) from AUTHIO_RISK_DECISION where USER_ID = ?", subject.id());
        assertTrue(audit >= AUDIT_ROWS && risk >= RISK_ROWS, audit + " audit, " + risk + " risk rows");

        // stock Keycloak, same run: deleting a comparable account (password, session, group, role) through the admin API
        DsrFixture.Subject stock = f.richUser("stock", 0);
        long s0 = System.nanoTime();
        try (Response r = f.realm.admin().users().delete(stock.id())) {
            assertEquals(204, r.getStatus());
        }
        long stockMs = (System.nanoTime() - s0) / 1_000_000;

        String id = f.createDsr(manager, "deletion", subject.email()).get("dsr_id").asText();
        JsonNode done;
        long erasureMs;
        long baseline;
        long peak;
        try (HeapSampler heap = HeapSampler.ofKeycloak()) {
            long t0 = System.nanoTime();
            done = f.fulfillToCompletion(manager, id, "{}", Duration.ofMinutes(30));
            erasureMs = (System.nanoTime() - t0) / 1_000_000;
            baseline = heap.baselineKb();
            peak = heap.peakKb();
        }
        JsonNode tables = done.get("evidence").get("tables");
        long rows = tables.path("AUTHIO_AUDIT_EVENT").asLong() + tables.path("AUTHIO_RISK_DECISION").asLong()
                + tables.path("EVENT_ENTITY").asLong() + tables.path("ADMIN_EVENT_ENTITY").asLong();
        assertEquals(audit, tables.get("AUTHIO_AUDIT_EVENT").asLong(), tables.toString());
        assertEquals(risk, tables.get("AUTHIO_RISK_DECISION").asLong(), tables.toString());
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id()));

        String report = String.format("DSR erasure benchmark (%d audit rows, %d risk decisions of one user)%n"
                        + "rows anonymized (audit + risk + Keycloak events): %d%nevidence: %s%n"
                        + "fulfil call to completed: %d ms (%.0f rows/s)%n"
                        + "stock Keycloak DELETE /users/{id} of a comparable account (history left behind): %d ms%n"
                        + "Keycloak heap used after GC before the erasure: %s%npeak heap used during the erasure: %s%n"
                        + "peak minus baseline: %s%n",
                AUDIT_ROWS, RISK_ROWS, rows, tables, erasureMs, rows * 1000.0 / Math.max(1, erasureMs), stockMs,
                HeapSampler.mb(baseline), HeapSampler.mb(peak), baseline < 0 ? "n/a" : HeapSampler.mb(peak - baseline));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "dsr-erasure.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }
}
