package io.authio.tests.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.testframework.realm.ManagedRealm;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/** The risk admin API: decisions (filters, cursor paging), settings (validation), permissions, realm isolation. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RiskApiIT {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    /** The demo realm's configuration under its own name (see RiskLogins.realm). */
    private static Realms.TestRealm realm;

    @InjectRealm(ref = "other")
    ManagedRealm other;

    @InjectAdminClient
    Keycloak admin;

    private String api() {
        return realm.baseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }

    private String api(ManagedRealm r) {
        return r.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }

    @org.junit.jupiter.api.BeforeEach
    void importRealm() {
        if (realm == null) {
            realm = RiskLogins.realm(admin, urls, "authio-risk-api");
        }
    }

    private String auditorToken(String... roles) {
        Users.Created auditor = Users.create(realm.admin(), "risk-auditor");
        if (roles.length > 0) {
            Users.grantRealmManagement(realm.admin(), auditor.id(), roles);
        }
        return Users.adminCliToken(realm.baseUrl(), auditor.username());
    }

    @Test
    void decisionsFilterByUserDecisionScoreAndTimeAndPageWithACursor() {
        RiskLogins.OtpUser hana = RiskLogins.createWithOtp(realm.admin(), "hana");
        Oidc oidc = new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        Browser laptop = RiskLogins.deviceAt("62.96.7.1");
        for (int i = 0; i < 3; i++) {
            assertTrue(RiskLogins.login(oidc, laptop, hana).succeeded());
        }
        assertFalse(RiskLogins.passwordLogin(oidc, RiskLogins.moveTo(laptop, RiskEnvironmentFiles.DENYLISTED_IP),
                hana.username(), Users.PASSWORD).succeeded());
        String token = auditorToken("view-events");

        List<String> expected = TestDb.query("select ID from AUTHIO_RISK_DECISION where REALM_ID = ? and USER_ID = ? "
                + "order by CREATED_AT desc, ID desc", realm.id(), hana.id()).stream().map(r -> (String) r.get("id")).toList();
        assertEquals(4, expected.size());
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Json.Reply page = Json.get(api() + "/risk-decisions?user_id=" + hana.id() + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertEquals(200, page.status(), page.body());
            page.json().get("data").forEach(d -> paged.add(d.get("id").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(expected, paged, "pages concatenate to the whole selection, newest first");
        assertEquals(2, pages);

        JsonNode denied = Json.get(api() + "/risk-decisions?user_id=" + hana.id() + "&decision=deny", token).json().get("data");
        assertEquals(1, denied.size());
        JsonNode d = denied.get(0);
        assertEquals("deny", d.get("decision").asText());
        assertEquals("denied", d.get("outcome").asText());
        assertEquals(RiskEnvironmentFiles.DENYLISTED_IP, d.get("ip").asText());
        assertTrue(d.get("signals").findValuesAsText("signal").contains("denylisted_ip"));
        assertFalse(d.get("signals").get(0).get("detail").asText().isBlank());
        assertEquals(d, Json.get(api() + "/risk-decisions/" + d.get("id").asText(), token).json());

        JsonNode high = Json.get(api() + "/risk-decisions?user_id=" + hana.id() + "&min_score=85", token).json().get("data");
        assertEquals(1, high.size());
        JsonNode low = Json.get(api() + "/risk-decisions?user_id=" + hana.id() + "&max_score=84", token).json().get("data");
        assertEquals(3, low.size());
        low.forEach(x -> assertTrue(x.get("score").asInt() <= 84));

        String newest = d.get("created_at").asText();
        JsonNode before = Json.get(api() + "/risk-decisions?user_id=" + hana.id() + "&until=" + newest, token).json().get("data");
        JsonNode since = Json.get(api() + "/risk-decisions?user_id=" + hana.id() + "&since=" + newest, token).json().get("data");
        assertEquals(4, before.size() + since.size(), "since is inclusive, until exclusive");
        before.forEach(x -> assertTrue(Instant.parse(x.get("created_at").asText()).isBefore(Instant.parse(newest))));

        for (String bad : List.of("min_score=abc", "min_score=90&max_score=10", "decision=maybe", "user_id=not-an-id",
                "cursor=not*a*cursor", "since=yesterday", "limit=0")) {
            Json.Reply r = Json.get(api() + "/risk-decisions?" + bad, token);
            assertEquals(400, r.status(), bad + ": " + r.body());
            assertEquals("invalid_request", r.json().get("error").asText(), r.body());
            assertFalse(r.json().get("error_description").asText().isBlank());
        }
    }

    @Test
    void settingsAreValidatedAndBadWeightsAreRejectedWith400WithoutStoringAnything() {
        String manager = auditorToken("manage-realm", "view-realm");
        Json.Reply initial = Json.get(api() + "/risk-settings", manager);
        assertEquals(200, initial.status(), initial.body());
        assertEquals(40, initial.json().get("thresholds").get("step_up").asInt());
        assertEquals(1.5, initial.json().get("signals").get("new_device").get("weight").asDouble());

        for (String bad : List.of("{\"signals\":{\"new_device\":{\"weight\":-1}}}", "{\"signals\":{\"new_device\":{\"weight\":\"heavy\"}}}",
                "{\"signals\":{\"moon_phase\":{\"weight\":1}}}", "{\"thresholds\":{\"step_up\":90,\"deny\":20}}", "{\"bias\":5}",
                "not json", "{\"unknown\":1}")) {
            Json.Reply r = Json.send("PUT", api() + "/risk-settings", manager, bad);
            assertEquals(400, r.status(), bad + ": " + r.body());
            assertEquals("invalid_request", r.json().get("error").asText());
        }
        assertEquals(initial.json(), Json.get(api() + "/risk-settings", manager).json(), "nothing was stored");

        Json.Reply ok = Json.send("PUT", api() + "/risk-settings", manager,
                "{\"thresholds\":{\"step_up\":45,\"deny\":90},\"signals\":{\"new_device\":{\"weight\":2.0}}}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(45, Json.get(api() + "/risk-settings", manager).json().get("thresholds").get("step_up").asInt());
        assertEquals(200, Json.send("PUT", api() + "/risk-settings", manager, "{}").status());
        assertEquals(initial.json(), Json.get(api() + "/risk-settings", manager).json(), "{} restores the defaults");
    }

    @Test
    void withoutPermissionsTheApiAnswers403AndRealmsAreIsolated() {
        String nobody = auditorToken();
        assertEquals(403, Json.get(api() + "/risk-decisions", nobody).status());
        Json.Reply forbidden = Json.get(api() + "/risk-settings", nobody);
        assertEquals(403, forbidden.status());
        assertEquals("forbidden", forbidden.json().get("error").asText());
        String viewer = auditorToken("view-events");
        assertEquals(403, Json.send("PUT", api() + "/risk-settings", viewer, "{}").status(), "view-events cannot change settings");
        assertEquals(401, Json.get(api() + "/risk-decisions", null).status());

        // a demo-realm administrator has no say in another realm
        assertEquals(403, Json.get(api(other) + "/risk-decisions", viewer).status());
        // and another realm's API never shows this realm's decisions
        RiskLogins.OtpUser ivy = RiskLogins.createWithOtp(realm.admin(), "ivy");
        assertTrue(RiskLogins.login(new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT),
                RiskLogins.deviceAt("62.96.8.1"), ivy).succeeded());
        String ivyDecision = (String) TestDb.query("select ID from AUTHIO_RISK_DECISION where USER_ID = ?", ivy.id()).get(0).get("id");
        String master = admin.tokenManager().getAccessTokenString();
        Json.Reply otherList = Json.get(api(other) + "/risk-decisions?user_id=" + ivy.id(), master);
        assertEquals(200, otherList.status(), otherList.body());
        assertEquals(0, otherList.json().get("data").size());
        assertEquals(404, Json.get(api(other) + "/risk-decisions/" + ivyDecision, master).status());
        assertEquals(200, Json.get(api() + "/risk-decisions/" + ivyDecision, master).status());
    }
}
