package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import io.authio.tests.support.Json;
import io.authio.tests.support.TestDb;

/** Who may do what: the 401/403 matrix across roles and realms, API key scopes and life cycle, rate limits, listing and overdue. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrAccessIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static final String CREATE = "{\"request_type\":\"export\",\"user_email\":\"someone@example.test\"}";

    @Test
    void rolesDecideWhatEachCallerMayDoAndRealmsStayApart() {
        DsrFixture a = new DsrFixture(admin, urls, "authio-dsr-access-a");
        DsrFixture b = new DsrFixture(admin, urls, "authio-dsr-access-b");
        String nobody = a.tokenWith("nobody");
        String viewer = a.tokenWith("viewer", "view-users");
        String manager = a.tokenWith("manager", "manage-users", "view-users");
        String managerB = b.tokenWith("manager-b", "manage-users", "view-users");

        String id = a.createDsr(manager, "export", "someone@example.test").get("dsr_id").asText();

        // no or bad credentials: 401
        assertEquals(401, a.raw("GET", "/compliance/dsr", null, null).status());
        assertEquals(401, a.raw("GET", "/compliance/dsr", "not-a-token", null).status());
        assertEquals(401, a.raw("POST", "/compliance/dsr", null, CREATE).status());
        // no role: 403 for everything
        for (String[] call : calls(id)) {
            var r = a.raw(call[0], call[1], nobody, call[2]);
            assertEquals(403, r.status(), call[0] + " " + call[1] + ": " + r.body());
            assertEquals("forbidden", r.json().get("error").asText());
        }
        // view-users: reading only
        assertEquals(200, a.raw("GET", "/compliance/dsr", viewer, null).status());
        assertEquals(200, a.raw("GET", "/compliance/dsr/" + id, viewer, null).status());
        assertEquals(403, a.raw("POST", "/compliance/dsr", viewer, CREATE).status());
        assertEquals(403, a.raw("POST", "/compliance/dsr/" + id + "/fulfill", viewer, "{}").status());
        assertEquals(403, a.raw("POST", "/compliance/dsr/" + id + "/cancel", viewer, "{}").status());
        assertEquals(403, a.raw("GET", "/compliance/dsr/" + id + "/artifact", viewer, null).status());
        // manage-users: everything
        assertEquals(201, a.raw("POST", "/compliance/dsr", manager, CREATE).status());
        // another realm's manager: Keycloak refuses the realm; the request id is unknown there
        assertEquals(403, a.raw("GET", "/compliance/dsr", managerB, null).status());
        assertEquals(403, a.raw("POST", "/compliance/dsr/" + id + "/cancel", managerB, "{}").status());
        assertEquals(404, b.raw("GET", "/compliance/dsr/" + id, managerB, null).status());
        assertEquals(404, b.raw("POST", "/compliance/dsr/" + id + "/fulfill", managerB, "{}").status());
        assertEquals("pending", a.raw("GET", "/compliance/dsr/" + id, manager, null).json().get("status").asText());

        // cancel, and every action was audited (no personal data in the events)
        var cancelled = a.raw("POST", "/compliance/dsr/" + id + "/cancel", manager, "{}");
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().get("status").asText());
        assertEquals(409, a.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}").status(), "a cancelled request cannot be fulfilled");
        List<String> types = new ArrayList<>();
        for (var row : TestDb.query("select TYPE, METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE like 'dsr.%' and METADATA like ?",
                a.realm.getId(), "%" + id + "%")) {
            types.add((String) row.get("type"));
            assertFalse(String.valueOf(row.get("metadata")).contains("someone@example.test"), row.toString());
        }
        assertTrue(types.containsAll(List.of("dsr.created", "dsr.viewed", "dsr.cancelled")), types.toString());
    }

    private static List<String[]> calls(String id) {
        return List.of(new String[] {"GET", "/compliance/dsr", null}, new String[] {"POST", "/compliance/dsr", CREATE},
                new String[] {"GET", "/compliance/dsr/" + id, null}, new String[] {"POST", "/compliance/dsr/" + id + "/fulfill", "{}"},
                new String[] {"POST", "/compliance/dsr/" + id + "/cancel", "{}"}, new String[] {"GET", "/compliance/dsr/" + id + "/artifact", null});
    }

    @Test
    void apiKeysCarryScopesAndTheirServiceAccountsRolesAndFailAlikeWhenWrongRevokedOrExpired() {
        DsrFixture a = new DsrFixture(admin, urls, "authio-dsr-keys-a");
        DsrFixture b = new DsrFixture(admin, urls, "authio-dsr-keys-b");
        a.serviceAccountClient("dsr-bot", "manage-users", "view-users");
        a.serviceAccountClient("weak-bot");
        a.serviceAccountClient("audit-bot", "view-events", "manage-users");
        JsonNode dsrKey = a.apiKey("dsr-bot", "dsr");
        JsonNode auditKey = a.apiKey("audit-bot", "audit:read");
        JsonNode weakKey = a.apiKey("weak-bot", "dsr");
        String key = dsrKey.get("key").asText();

        var created = a.raw("POST", "/compliance/dsr", key, CREATE);
        assertEquals(201, created.status(), created.body());
        assertEquals(200, a.raw("GET", "/compliance/dsr", key, null).status());
        var wrongScope = a.raw("GET", "/compliance/dsr", auditKey.get("key").asText(), null);
        assertEquals(403, wrongScope.status(), "the audit:read key has no dsr scope, though its service account may manage users");
        assertEquals(200, a.raw("GET", "/audit-events", auditKey.get("key").asText(), null).status(), "but may read the audit log");
        assertEquals(403, a.raw("GET", "/compliance/dsr", weakKey.get("key").asText(), null).status(), "the key carries only its service account's roles");
        assertEquals(403, a.raw("GET", "/api-keys", key, null).status(), "keys never manage keys");
        assertEquals(403, a.raw("GET", "/keys", key, null).status());

        // the key is shown once and stored only as a digest
        var list = a.call("GET", "/api-keys", a.adminToken, null);
        assertEquals(200, list.status());
        assertFalse(list.body().contains(key));
        assertTrue(list.body().contains(key.substring(0, 18)), "the lookup prefix identifies it");
        var scan = DbScan.scan(Map.of("api key", key, "random part", key.substring(8)), Map.of());
        assertEquals(List.of(), scan.hits());
        assertNotNull(a.call("GET", "/api-keys/" + dsrKey.get("id").asText(), a.adminToken, null).json().get("last_used_at").textValue());

        // wrong, unknown, other realm's, revoked and expired keys: the same 401
        String flipped = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
        List<String> refusals = new ArrayList<>();
        refusals.add(a.raw("GET", "/compliance/dsr", flipped, null).body());
        refusals.add(a.raw("GET", "/compliance/dsr", "sk_live_" + "x".repeat(40), null).body());
        refusals.add(a.raw("GET", "/compliance/dsr", "sk_live_short", null).body());
        var otherRealm = b.raw("GET", "/compliance/dsr", key, null);
        assertEquals(401, otherRealm.status());
        refusals.add(otherRealm.body());
        String expiring = a.apiKey("dsr-bot", "dsr").get("key").asText();
        TestDb.update("update AUTHIO_API_KEY set EXPIRES_AT = ? where DIGEST = ?",
                System.currentTimeMillis() - 1000, io.authio.core.apikey.ApiKeys.digest(expiring));
        refusals.add(a.raw("GET", "/compliance/dsr", expiring, null).body());
        var revoked = a.call("POST", "/api-keys/" + dsrKey.get("id").asText() + "/revoke", a.adminToken, null);
        assertEquals(200, revoked.status(), revoked.body());
        assertEquals("revoked", revoked.json().get("status").asText());
        var afterRevoke = a.raw("GET", "/compliance/dsr", key, null);
        assertEquals(401, afterRevoke.status());
        refusals.add(afterRevoke.body());
        for (String body : refusals) {
            assertEquals("{\"error\":\"unauthorized\",\"error_description\":\"invalid API key\"}", body);
        }
        // API keys do not open Keycloak's own admin API
        assertEquals(401, Json.get(urls.getBase() + "/admin/realms/authio-dsr-keys-a/users", auditKey.get("key").asText()).status());
    }

    @Test
    void listingPagesWithCursorsFiltersAndRaisesOverdueOnce() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-list");
        String manager = f.tokenWith("manager", "manage-users", "view-users");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, f.createDsr(manager, i % 2 == 0 ? "export" : "deletion", "user" + i + "@example.test").get("dsr_id").asText());
        }
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = f.raw("GET", "/compliance/dsr?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), manager, null);
            assertEquals(200, page.status(), page.body());
            page.json().get("data").forEach(d -> paged.add(d.get("dsr_id").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(ids, paged, "newest first, no gaps or repeats");
        assertEquals(3, pages);
        assertEquals(3, f.raw("GET", "/compliance/dsr?type=export", manager, null).json().get("data").size());
        assertEquals(400, f.raw("GET", "/compliance/dsr?status=done", manager, null).status());

        String late = ids.get(4);
        TestDb.update("update AUTHIO_DSR set DUE_AT = ? where ID = ?", System.currentTimeMillis() - 60_000, late);
        JsonNode overdue = f.raw("GET", "/compliance/dsr?overdue=true", manager, null).json().get("data");
        assertEquals(1, overdue.size());
        assertEquals(late, overdue.get(0).get("dsr_id").asText());
        assertTrue(overdue.get(0).get("overdue").asBoolean());
        assertEquals(4, f.raw("GET", "/compliance/dsr?overdue=false", manager, null).json().get("data").size());

        long deadline = System.currentTimeMillis() + 20_000;
        while (TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where TYPE = 'dsr.overdue' and METADATA like ?", "%" + late + "%") == 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        Thread.sleep(2500); // more sweeps run
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where TYPE = 'dsr.overdue' and METADATA like ?", "%" + late + "%"),
                "one dsr.overdue event per request");
    }

    @Test
    void exceedingTheRateLimitAnswers429WithRetryAfterAndIsAudited() {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-limits");
        f.realmAttribute("authio.dsr.requests-per-minute", "5");
        String manager = f.tokenWith("manager", "manage-users", "view-users");
        int ok = 0;
        Json.Reply limited = null;
        for (int i = 0; i < 8 && limited == null; i++) {
            var r = f.raw("GET", "/compliance/dsr", manager, null);
            if (r.status() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.status());
                ok++;
            }
        }
        assertEquals(5, ok, "a burst of five per minute");
        assertNotNull(limited);
        assertEquals("rate_limited", limited.json().get("error").asText());
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api.rate_limited'", f.realm.getId()) >= 1);
    }
}
