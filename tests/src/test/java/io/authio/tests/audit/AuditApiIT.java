package io.authio.tests.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/** The audit API: filters, paging, streaming, permissions, tenant isolation, the user's own activity. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AuditApiIT {

    @InjectRealm(ref = "demo", fromJson = "/realm-config/authio-demo-realm.json", lifecycle = LifeCycle.GLOBAL)
    ManagedRealm demo;

    @InjectRealm(ref = "other")
    ManagedRealm other;

    @InjectAdminClient
    Keycloak admin;

    private Users.Created auditor;
    private String auditorToken;

    @BeforeEach
    void anAuditorWithViewEvents() {
        auditor = Users.create(demo.admin(), "auditor");
        Users.grantRealmManagement(demo.admin(), auditor.id(), "view-events");
        auditorToken = Users.adminCliToken(demo.getBaseUrl(), auditor.username());
    }

    @Test
    void filtersAndCursorPagingReturnExactlyTheExpectedRows() {
        Users.Created dana = Users.create(demo.admin(), "dana");
        Oidc oidc = new Oidc(demo.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        for (int i = 0; i < 3; i++) {
            assertTrue(oidc.login(dana.username(), Users.PASSWORD).succeeded());
        }
        for (int i = 0; i < 2; i++) {
            assertFalse(oidc.login(dana.username(), "wrong").succeeded());
        }
        // dana's rows: admin.user.created, 3 x user.login.succeeded, 3 x risk.evaluated (the demo realm's
        // browser flow runs the risk engine), 2 x user.login.failed, and user.locked.temporarily when
        // brute-force detection saw the two failures within a second
        // brute-force detection records its lockout a moment after the failed login answered: wait until
        // dana's rows stop changing before taking the expected selection
        long seen = -1;
        for (int i = 0; i < 20; i++) {
            long now = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ?", demo.getId(), dana.id());
            if (now == seen) {
                break;
            }
            seen = now;
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var rows = TestDb.query(
                "select ID, TYPE from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ? order by OCCURRED_AT desc, ID desc",
                demo.getId(), dana.id());
        List<String> expected = rows.stream().map(r -> (String) r.get("id")).toList();
        assertTrue(expected.size() == 9 || expected.size() == 10, rows.toString());

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Json.Reply page = get("/audit-events?user_id=" + dana.id() + "&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page.body());
            page.json().get("data").forEach(e -> paged.add(e.get("id").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(expected, paged, "pages concatenate to the full selection, newest first, no gaps or repeats");
        assertEquals(3, pages);

        JsonNode logins = get("/audit-events?user_id=" + dana.id() + "&type=user.login").json().get("data");
        assertEquals(5, logins.size());
        JsonNode failed = get("/audit-events?user_id=" + dana.id() + "&type=user.login.failed").json().get("data");
        assertEquals(2, failed.size());
        failed.forEach(e -> {
            assertEquals("user.login.failed", e.get("type").asText());
            assertEquals("failure", e.get("outcome").asText());
            assertEquals(dana.email(), e.get("metadata").get("user_email").asText());
        });
        JsonNode prefixOfASegment = get("/audit-events?user_id=" + dana.id() + "&type=user.log").json().get("data");
        assertEquals(0, prefixOfASegment.size(), "type filters match whole dotted segments");

        String newestAt = get("/audit-events?user_id=" + dana.id() + "&limit=1").json().get("data").get(0).get("occurred_at").asText();
        JsonNode beforeNewest = get("/audit-events?user_id=" + dana.id() + "&until=" + newestAt).json().get("data");
        assertTrue(beforeNewest.size() < expected.size());
        beforeNewest.forEach(e -> assertTrue(Instant.parse(e.get("occurred_at").asText()).isBefore(Instant.parse(newestAt))));
        JsonNode sinceNewest = get("/audit-events?user_id=" + dana.id() + "&since=" + newestAt).json().get("data");
        assertEquals(expected.size(), beforeNewest.size() + sinceNewest.size(), "since is inclusive, until exclusive");
    }

    @Test
    void ndjsonStreamsTheWholeSelection() throws java.io.IOException {
        Users.Created erin = Users.create(demo.admin(), "erin");
        Oidc oidc = new Oidc(demo.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.login(erin.username(), Users.PASSWORD).succeeded());
        assertFalse(oidc.login(erin.username(), "nope").succeeded());

        Json.Reply reply = Json.get(api() + "/audit-events?user_id=" + erin.id(), auditorToken, "application/x-ndjson");

        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("application/x-ndjson"));
        String[] lines = reply.body().strip().split("\n");
        assertEquals(4, lines.length);
        Set<String> types = new HashSet<>();
        for (String line : lines) {
            JsonNode event = Json.MAPPER.readTree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(erin.id(), event.get("user_id").asText());
            types.add(event.get("type").asText());
        }
        assertEquals(Set.of("admin.user.created", "user.login.succeeded", "risk.evaluated", "user.login.failed"), types);
    }

    @Test
    void withoutViewEventsTheApiAnswers403AndWithoutATokenAnswers401() {
        Users.Created nobody = Users.create(demo.admin(), "nobody");
        String token = Users.adminCliToken(demo.getBaseUrl(), nobody.username());

        Json.Reply forbidden = Json.get(api() + "/audit-events", token);
        assertEquals(403, forbidden.status(), forbidden.body());
        assertEquals("forbidden", forbidden.json().get("error").asText());

        assertEquals(401, Json.get(api() + "/audit-events", null).status());
        assertEquals(401, Json.get(api() + "/audit-events", "not-a-token").status());
    }

    @Test
    void anotherRealmsAdministratorCanNeverSeeThisRealmsRows() {
        Users.Created otherAdmin = Users.create(other.admin(), "other-admin");
        Users.grantRealmManagement(other.admin(), otherAdmin.id(), "realm-admin");
        String otherToken = Users.adminCliToken(other.getBaseUrl(), otherAdmin.username());

        Json.Reply crossRealm = Json.get(api() + "/audit-events", otherToken);
        assertEquals(403, crossRealm.status(), crossRealm.body());

        Json.Reply own = Json.get(other.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio/audit-events?limit=500", otherToken);
        assertEquals(200, own.status(), own.body());
        assertTrue(own.json().get("data").size() > 0, "the other realm has its own events (its admin's creation)");
        own.json().get("data").forEach(e -> assertEquals(other.getId(), e.get("realm_id").asText()));
    }

    @Test
    void theActivityEndpointShowsOnlyTheCallersOwnAccountEvents() {
        Users.Created frank = Users.create(demo.admin(), "frank");
        Users.Created grace = Users.create(demo.admin(), "grace");
        Oidc oidc = new Oidc(demo.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.login(grace.username(), Users.PASSWORD).succeeded());
        assertFalse(oidc.login(frank.username(), "bad").succeeded());
        Oidc.LoginResult frankLogin = oidc.login(frank.username(), Users.PASSWORD);
        String frankToken = frankLogin.tokens().get("access_token").asText();

        Json.Reply activity = Json.get(demo.getBaseUrl() + "/authio/activity", frankToken);

        assertEquals(200, activity.status(), activity.body());
        JsonNode data = activity.json().get("data");
        List<String> types = new ArrayList<>();
        data.forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("user.login.succeeded", "user.login.failed"), types,
                "frank's own sign-ins, newest first; not grace's, not the admin's creation of his account");
        data.forEach(e -> {
            assertNull(e.get("user_id"), "no ids of other parties");
            assertNull(e.get("actor_id"));
            assertNull(e.get("metadata"));
            assertEquals("127.0.0.1", e.get("ip").asText());
        });

        assertEquals(401, Json.get(demo.getBaseUrl() + "/authio/activity", null).status());
        assertEquals(401, Json.get(other.getBaseUrl() + "/authio/activity", frankToken).status(),
                "a token of one realm is worthless in another");
    }

    @Test
    void malformedParametersAnswer400WithAJsonError() {
        for (String query : List.of("since=yesterday", "until=2026-13-45T00:00:00Z", "limit=-1", "limit=0", "limit=501",
                "limit=ten", "cursor=garbage", "cursor=" + "A".repeat(300), "user_id=not-a-uuid",
                "type=USER.LOGIN", "type=user..login", "type=%27%20or%201%3D1--",
                "since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z")) {
            Json.Reply reply = get("/audit-events?" + query);
            assertEquals(400, reply.status(), query + " -> " + reply.body());
            assertEquals("invalid_request", reply.json().get("error").asText(), query);
            assertNotNull(reply.json().get("error_description").asText(), query);
        }
        Json.Reply badActivity = Json.get(demo.getBaseUrl() + "/authio/activity?limit=1000", auditorToken);
        assertEquals(400, badActivity.status(), badActivity.body());
    }

    @Test
    void removingARealmDeletesItsAuditRows() {
        RealmRepresentation temp = new RealmRepresentation();
        temp.setRealm("audit-removal-" + System.nanoTime());
        temp.setEnabled(true);
        admin.realms().create(temp);
        String realmId = admin.realm(temp.getRealm()).toRepresentation().getId();
        assertTrue(admin.realm(temp.getRealm()).toRepresentation().getEventsListeners().contains("authio-audit"),
                "new realms are audited by default");
        Users.create(admin.realm(temp.getRealm()), "temp");
        assertTrue(TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ?", realmId) > 0);

        admin.realm(temp.getRealm()).remove();

        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ?", realmId));
    }

    private Json.Reply get(String path) {
        return Json.get(api() + path, auditorToken);
    }

    private String api() {
        return demo.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }
}
