package io.authio.tests.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.json.Json;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Growth a tenant administrator (or plain time) could make unbounded: more destinations than the operator allows,
 * retention longer than the operator's ceiling, rows that outlive their retention.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RetentionAttackIT {

    private static final long YEAR = Duration.ofDays(365).toMillis();

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private record Admin(Realms.TestRealm realm, String token) {
        String api(String path) {
            return realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio" + path;
        }

        io.authio.tests.support.Json.Reply call(String method, String path, Object body) {
            return io.authio.tests.support.Json.send(method, api(path), token, body == null ? null : Json.write(body));
        }
    }

    private Admin realmWithAdmin(String name) {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, name);
        Users.Created a = Users.create(realm.admin(), "retention-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "realm-admin");
        Admin adm = new Admin(realm, Users.adminCliToken(realm.getBaseUrl(), a.username()));
        assertEquals(200, adm.call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of("127.0.0.1/32"))).status());
        return adm;
    }

    @Test
    void aTenantCannotCreateMoreDestinationsThanTheOperatorAllowsEvenAllAtOnce() throws Exception {
        Admin a = realmWithAdmin("authio-destination-cap");
        for (int i = 0; i < 15; i++) {
            var r = a.call("POST", "/webhooks", Map.of("url", "http://127.0.0.1:9/hook/" + i, "event_types", List.of("*")));
            assertEquals(201, r.status(), r.body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            Callable<Integer> create = () -> (n % 2 == 0
                    ? a.call("POST", "/webhooks", Map.of("url", "http://127.0.0.1:9/burst/" + n, "event_types", List.of("*")))
                    : a.call("POST", "/siem-sinks", Map.of("type", "http", "url", "http://127.0.0.1:9/burst/" + n, "event_types", List.of("*"))))
                    .status();
            answers.add(pool.submit(create));
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Future<Integer> f : answers) {
            statuses.merge(f.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 5, 409, 5), statuses, "20 destinations per realm by default, however they are sent");
        assertEquals(20, TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ?", a.realm().getId()));
        var refused = a.call("POST", "/siem-sinks", Map.of("type", "syslog", "url", "syslog+tcp://127.0.0.1:514", "event_types", List.of("*")));
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.json().get("error_description").asText().contains("20"), refused.body());
    }

    @Test
    void aRealmMayShortenRetentionButNeverLengthenItPastTheOperatorsCeiling() {
        Admin a = realmWithAdmin("authio-retention-ceiling");
        var view = a.call("GET", "/retention", null);
        assertEquals(200, view.status(), view.body());
        JsonNode audit = category(view.json(), "audit_events");
        long ceiling = audit.get("operator_seconds").asLong();
        assertEquals(ceiling, audit.get("effective_seconds").asLong());
        assertTrue(audit.get("realm_seconds").isNull());

        for (Map<String, Object> body : List.of(Map.<String, Object>of("audit_events", ceiling + 1),
                Map.<String, Object>of("audit_events", 0), Map.<String, Object>of("no_such_table", 60),
                Map.<String, Object>of("failed_attempts", "forever"))) {
            var r = a.call("PUT", "/retention", body);
            assertEquals(400, r.status(), body + " -> " + r.body());
        }
        var shorter = a.call("PUT", "/retention", Map.of("audit_events", 3_600, "failed_attempts", 600));
        assertEquals(200, shorter.status(), shorter.body());
        assertEquals(3_600, category(shorter.json(), "audit_events").get("effective_seconds").asLong());
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'retention.settings.updated'",
                a.realm().getId()));

        Users.Created viewer = Users.create(a.realm().admin(), "retention-viewer");
        Users.grantRealmManagement(a.realm().admin(), viewer.id(), "view-realm");
        String viewerToken = Users.adminCliToken(a.realm().getBaseUrl(), viewer.username());
        assertEquals(200, io.authio.tests.support.Json.get(a.api("/retention"), viewerToken).status());
        assertEquals(403, io.authio.tests.support.Json.send("PUT", a.api("/retention"), viewerToken, "{\"audit_events\": 60}").status());
    }

    @Test
    void rowsPastTheOperatorsCeilingArePurgedFromEveryTableAndFreshOnesStay() throws Exception {
        String realmId = java.util.UUID.randomUUID().toString(); // rows of a realm without settings of its own
        long old = System.currentTimeMillis() - 10 * YEAR;
        long fresh = System.currentTimeMillis() + 60_000; // expiring rows must not expire during the test
        try (Connection c = TestDb.connect()) {
            for (RetentionRows kind : RetentionRows.values()) {
                kind.insert(c, realmId, old, 3);
                kind.insert(c, realmId, fresh, 2);
            }
        }
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            Map<RetentionRows, Long> left = counts(realmId);
            while (left.values().stream().anyMatch(n -> n > 2) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                left = counts(realmId);
            }
            Map<RetentionRows, Long> expected = new java.util.EnumMap<>(RetentionRows.class);
            for (RetentionRows kind : RetentionRows.values()) {
                expected.put(kind, 2L);
            }
            assertEquals(expected, left, "10-year-old rows are gone from every table, fresh ones stay");
        } finally {
            for (RetentionRows kind : RetentionRows.values()) {
                TestDb.update("delete from " + kind.table + " where REALM_ID = ?", realmId);
            }
        }
    }

    @Test
    void aSiemBatchsAttemptRowGoesWithDeliveredMessagesRetentionNotTheLongerOneOfAttempts() throws Exception {
        String realmId = java.util.UUID.randomUUID().toString(); // the operator's ceilings: delivered 7 days, dead 30 days
        long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
        String batch = io.authio.core.id.Uuid7.next();
        String single = io.authio.core.id.Uuid7.next();
        // the row of a request that delivered 500 events (no OUTBOX_ID), and a failed attempt of one message
        TestDb.update("insert into AUTHIO_DELIVERY_ATTEMPT (ID, REALM_ID, DESTINATION_ID, ATTEMPT, ATTEMPTED_AT, SUCCEEDED, LATENCY_MS, "
                + "MESSAGES) values (?, ?, ?, 1, ?, true, 3, 500)", batch, realmId, java.util.UUID.randomUUID().toString(), eightDaysAgo);
        TestDb.update("insert into AUTHIO_DELIVERY_ATTEMPT (ID, REALM_ID, OUTBOX_ID, DESTINATION_ID, ATTEMPT, ATTEMPTED_AT, SUCCEEDED, "
                + "LATENCY_MS) values (?, ?, ?, ?, 1, ?, false, 3)", single, realmId, io.authio.core.id.Uuid7.next(),
                java.util.UUID.randomUUID().toString(), eightDaysAgo);
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where ID = ?", batch) > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertEquals(0, TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where ID = ?", batch),
                    "an 8-day-old batch row outlived delivered-deliveries retention (7 days)");
            assertEquals(1, TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where ID = ?", single),
                    "a message's own attempt stays as long as the longer retention (30 days)");
        } finally {
            TestDb.update("delete from AUTHIO_DELIVERY_ATTEMPT where REALM_ID = ?", realmId);
        }
    }

    @Test
    void aRealmsShorterRetentionPurgesThatRealmsRowsOnly() throws Exception {
        Admin shortened = realmWithAdmin("authio-retention-short");
        Admin untouched = realmWithAdmin("authio-retention-untouched");
        assertEquals(200, shortened.call("PUT", "/retention", Map.of("failed_attempts", 60, "audit_events", 60)).status());
        long twoMinutesAgo = System.currentTimeMillis() - 120_000;
        try (Connection c = TestDb.connect()) {
            for (Admin a : List.of(shortened, untouched)) {
                RetentionRows.FAILED_ATTEMPT.insert(c, a.realm().getId(), twoMinutesAgo, 5);
                RetentionRows.SIGN_IN_DECISION.insert(c, a.realm().getId(), twoMinutesAgo, 5);
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (RetentionRows.FAILED_ATTEMPT.count(shortened.realm().getId()) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(0, RetentionRows.FAILED_ATTEMPT.count(shortened.realm().getId()));
        assertEquals(5, RetentionRows.SIGN_IN_DECISION.count(shortened.realm().getId()), "other categories keep the operator's retention");
        assertEquals(5, RetentionRows.FAILED_ATTEMPT.count(untouched.realm().getId()), "another realm keeps the operator's retention");
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and OCCURRED_AT < ?",
                shortened.realm().getId(), System.currentTimeMillis() - 65_000));
    }

    private static Map<RetentionRows, Long> counts(String realmId) {
        Map<RetentionRows, Long> out = new java.util.EnumMap<>(RetentionRows.class);
        for (RetentionRows kind : RetentionRows.values()) {
            out.put(kind, kind.count(realmId));
        }
        return out;
    }

    private static JsonNode category(JsonNode view, String name) {
        for (JsonNode c : view.get("data")) {
            if (c.get("category").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no category " + name + " in " + view);
    }
}
