package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.DbScan;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.TestDb;

/** Deletion requests: what goes, what stays anonymized, the evidence, idempotency, unknown addresses. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrDeletionIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void deletionLeavesNoRowNamingTheUserInAnyTableOnlyAnonymizedHistory() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-deletion");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        try (HttpReceiver down = new HttpReceiver()) {
            // a webhook endpoint that keeps failing: the user's events wait in the outbox
            down.respond(r -> HttpReceiver.Reply.of(503));
            var hook = f.call("POST", "/webhooks", f.adminToken, Map.of("url", down.url("/hook"), "event_types", List.of("user.*"),
                    "description", "failing receiver"));
            assertEquals(201, hook.status(), hook.body());

            DsrFixture.Subject erin = f.richUser("erin", 2500);
            long eventsBefore = TestDb.count("select count(*) from EVENT_ENTITY where USER_ID = ?", erin.id());
            long auditBefore = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", erin.id());
            assertTrue(eventsBefore >= 2, "Keycloak stored the logins");
            assertTrue(auditBefore >= 2503, "seeded audit history: " + auditBefore);
            assertTrue(TestDb.count("select count(*) from OFFLINE_USER_SESSION where USER_ID = ?", erin.id()) >= 1, "online and offline sessions are persisted");
            assertFalse(DbScan.findIgnoringCase(erin.id()).isEmpty(), "the scan finds the user before the deletion");

            JsonNode dsr = f.createDsr(manager, "deletion", erin.email());
            String id = dsr.get("dsr_id").asText();
            var fulfilled = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
            assertEquals(200, fulfilled.status(), fulfilled.body());
            JsonNode done = fulfilled.json();
            assertEquals("completed", done.get("status").asText());
            JsonNode evidence = done.get("evidence");
            JsonNode tables = evidence.get("tables");
            assertEquals("erased", evidence.get("outcome").asText());
            assertEquals(1, tables.get("USER_ENTITY").asInt());
            assertEquals(1, tables.get("CREDENTIAL").asInt());
            assertEquals(1, tables.get("FEDERATED_IDENTITY").asInt());
            assertEquals(1, tables.get("USER_GROUP_MEMBERSHIP").asInt());
            assertTrue(tables.get("USER_SESSION").asInt() >= 1, tables.toString());
            assertTrue(tables.get("OFFLINE_USER_SESSION").asInt() >= 1, tables.toString());
            assertTrue(tables.get("USER_ROLE_MAPPING").asInt() >= 2, "customer plus the default roles: " + tables);
            assertEquals(auditBefore, tables.get("AUTHIO_AUDIT_EVENT").asLong(), "every audit row of the user, counted once, in batches of 1000");
            assertTrue(tables.get("EVENT_ENTITY").asLong() >= eventsBefore, tables.toString());
            assertTrue(tables.get("ADMIN_EVENT_ENTITY").asLong() >= 4, "creation, profile, link, group, role: " + tables);
            assertTrue(tables.path("AUTHIO_OUTBOX").asLong() >= 1, "pending webhook messages of the user's events: " + tables);
            assertEquals("admin", evidence.get("fulfilled_by").get("type").asText());
            assertTrue(evidence.has("started_at") && evidence.has("completed_at"));
            assertEquals(64, evidence.get("subject_email_hmac").asText().length());

            // nothing names the person any more, anywhere
            List<String> hits = DbScan.findIgnoringCase(erin.id(), erin.email(), erin.username());
            assertEquals(List.of(), hits, "rows still naming the user (of " + DbScan.tables().size() + " tables scanned)");

            // history stays, anonymized
            assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", erin.id()));
            assertTrue(TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and METADATA like '%\"user_email\":\"[deleted]\"%'",
                    f.realm.getId()) >= auditBefore);
            assertTrue(TestDb.count("select count(*) from EVENT_ENTITY where REALM_ID = ? and USER_ID is null and TYPE = 'LOGIN'",
                    f.realm.getId()) >= 1, "login events stay without the user id");
            // the fulfillment is audited without personal data
            var fulfilledEvents = TestDb.query("select ACTOR_TYPE, USER_ID, METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'dsr.fulfilled'",
                    f.realm.getId());
            assertEquals(1, fulfilledEvents.size());
            assertTrue(String.valueOf(fulfilledEvents.get(0).get("metadata")).contains(id));
            assertEquals(null, fulfilledEvents.get(0).get("user_id"));

            // a retried fulfill changes nothing and counts nothing twice
            var again = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
            assertEquals(200, again.status(), again.body());
            assertEquals(evidence, again.json().get("evidence"));
            assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'dsr.fulfilled'", f.realm.getId()));

            // and the request itself can still be read, without the address
            var read = f.call("GET", "/compliance/dsr/" + id, manager, null);
            assertEquals(200, read.status());
            assertTrue(read.json().get("user_email").isNull());
            assertEquals(evidence, read.json().get("evidence"));
        }
    }

    @Test
    void aFulfillmentThatStoppedMidwayIsTakenOverAndCountsEveryRowOnce() {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-resume");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        DsrFixture.Subject hal = f.richUser("hal", 1500);
        long total = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", hal.id());
        String id = f.createDsr(manager, "deletion", hal.email()).get("dsr_id").asText();

        // a run that is still within its lease (elsewhere): a second fulfill joins it — 202, nothing more happens
        TestDb.update("update AUTHIO_DSR set STATUS = 'in_progress', CLAIMED_AT = ?, LEASE_OWNER = 'elsewhere' where ID = ?",
                System.currentTimeMillis() + 600_000, id);
        var busy = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
        assertEquals(202, busy.status(), busy.body());
        assertEquals("in_progress", busy.json().get("status").asText());
        assertEquals(1, TestDb.count("select count(*) from USER_ENTITY where ID = ?", hal.id()));

        // the node died after its first batch (1000 rows anonymized and counted in one transaction), an hour ago
        List<Object[]> firstBatch = TestDb.query("select ID from AUTHIO_AUDIT_EVENT where USER_ID = ? order by ID limit 1000", hal.id())
                .stream().map(row -> new Object[] {row.get("id")}).toList();
        // ACTOR_ID first: MariaDB and MySQL evaluate SET left to right, each assignment seeing the ones before it
        TestDb.batch("update AUTHIO_AUDIT_EVENT set ACTOR_ID = case when ACTOR_ID = USER_ID then null else ACTOR_ID end, USER_ID = null, "
                + "METADATA = '{\"user_email\":\"[deleted]\"}' where ID = ?", firstBatch);
        TestDb.update("update AUTHIO_DSR set CLAIMED_AT = ?, SUBJECT_USER_ID = ?, SUBJECT_USERNAME = ?, EVIDENCE = ? where ID = ?",
                System.currentTimeMillis() - 3_600_000, hal.id(), hal.username(),
                "{\"tables\":{\"AUTHIO_AUDIT_EVENT\":1000},\"fulfilled_by\":{\"type\":\"admin\",\"id\":\"x\"},"
                        + "\"started_at\":\"2026-01-01T00:00:00Z\",\"account_found\":true}", id);

        var resumed = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
        assertEquals(200, resumed.status(), resumed.body());
        JsonNode evidence = resumed.json().get("evidence");
        assertEquals("erased", evidence.get("outcome").asText());
        assertEquals(total, evidence.get("tables").get("AUTHIO_AUDIT_EVENT").asLong(), "every row counted exactly once across both runs");
        assertEquals(1, evidence.get("tables").get("USER_ENTITY").asInt());
        assertEquals(List.of(), DbScan.findIgnoringCase(hal.id(), hal.email(), hal.username()));
    }

    @Test
    void anAddressWithoutAnAccountCompletesWithNoDataHeld() {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-nodata");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        for (String type : List.of("deletion", "export")) {
            String id = f.createDsr(manager, type, "nobody-" + type + "@example.test").get("dsr_id").asText();
            var done = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
            assertEquals(200, done.status(), done.body());
            assertEquals("completed", done.json().get("status").asText());
            assertEquals("no data held", done.json().get("evidence").get("outcome").asText(), done.body());
            assertFalse(done.json().get("evidence").get("account_found").asBoolean());
        }
    }
}
