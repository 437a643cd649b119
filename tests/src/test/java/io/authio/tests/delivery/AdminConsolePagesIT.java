package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.console.ConsoleData;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Users;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * Webhook endpoints and SIEM sinks in the Keycloak admin console: the declarative-UI pages the console renders
 * (component types from server info, rows from the realm's components), edits and deletes made there, and
 * the refusal to create an endpoint where its secret could not be shown once. Then the other Authio pages: the
 * risk settings tab (edits validated and audited like the API), API keys (revoked by deleting), data-subject
 * requests and risk decisions (read-only).
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AdminConsolePagesIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static ConsoleData data;
    private static HttpReceiver receiver;
    private Deliveries api;

    @BeforeEach
    void setUp() throws Exception {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-console-it");
            data = new ConsoleData(realm);
        }
        if (receiver == null) {
            receiver = new HttpReceiver();
        }
        receiver.respond(r -> HttpReceiver.Reply.of(200));
        api = new Deliveries(realm);
        api.allowLoopback();
    }

    @AfterAll
    static void cleanUp() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        if (realm != null) {
            try {
                realm.admin().remove();
            } catch (RuntimeException alreadyClosed) {
                // the server is already gone at the end of the run
            }
            realm = null;
            data = null;
        }
    }

    private String adminUrl(String path) {
        return urls.getBase() + "/admin/realms/" + realm.name() + path;
    }

    private JsonNode page(String providerId, String componentId) {
        JsonNode list = Json.get(adminUrl("/components?parent=" + realm.getId() + "&type=" + UI_PAGE), api.token()).json();
        for (JsonNode c : list) {
            if (c.path("id").asText().equals(componentId)) {
                assertEquals(providerId, c.path("providerId").asText());
                return c;
            }
        }
        return null;
    }

    @Test
    void theConsoleKnowsBothPagesWithTheirFields() {
        JsonNode types = Json.get(urls.getBase() + "/admin/serverinfo", api.token()).json().path("componentTypes").path(UI_PAGE);
        List<String> ids = new ArrayList<>();
        types.forEach(t -> ids.add(t.path("id").asText()));
        assertTrue(ids.containsAll(List.of("authio-webhooks", "authio-siem-sinks")), ids.toString());
        for (JsonNode t : types) {
            if (t.path("id").asText().equals("authio-webhooks")) {
                List<String> fields = new ArrayList<>();
                t.path("properties").forEach(p -> fields.add(p.path("name").asText()));
                assertEquals(List.of("url", "event-types", "description", "enabled", "status"), fields);
            }
        }
    }

    @Test
    void aWebhookCreatedThroughTheApiIsListedInTheConsoleWithoutItsSecret() {
        JsonNode hook = api.webhook(receiver.url("/console-listed"), "user.login.*", "admin.user.*");
        String id = hook.get("id").asText();
        String secret = hook.get("secret").asText();

        JsonNode row = page("authio-webhooks", id);
        assertNotNull(row, "the endpoint appears on the console page");
        assertEquals(receiver.url("/console-listed"), row.path("config").path("url").get(0).asText());
        List<String> types = new ArrayList<>();
        row.path("config").path("event-types").forEach(t -> types.add(t.asText()));
        assertEquals(java.util.Set.of("user.login.*", "admin.user.*"), java.util.Set.copyOf(types));
        assertEquals("true", row.path("config").path("enabled").get(0).asText());
        assertEquals("enabled", row.path("config").path("status").get(0).asText());
        assertFalse(row.toString().contains("whsec_"), "no secret in the console's view");
        String secretBody = secret.substring("whsec_".length());
        assertEquals(0L, TestDb.count("select count(*) from COMPONENT_CONFIG where VALUE like ?", "%" + secretBody + "%"),
                "the secret never reaches Keycloak's component tables");
    }

    @Test
    void editsInTheConsoleChangeTheEndpoint() {
        String id = api.webhook(receiver.url("/console-edit"), "user.login.*").get("id").asText();
        ObjectNode row = (ObjectNode) page("authio-webhooks", id);
        ObjectNode config = (ObjectNode) row.get("config");
        config.set("enabled", Json.MAPPER.valueToTree(List.of("false")));
        config.set("event-types", Json.MAPPER.valueToTree(List.of("user.*")));
        config.set("description", Json.MAPPER.valueToTree(List.of("edited in the console")));
        config.set("status", Json.MAPPER.valueToTree(List.of("all good, trust me"))); // Authio owns the status line
        assertEquals(204, Json.send("PUT", adminUrl("/components/" + id), api.token(), row.toString()).status());

        JsonNode endpoint = api.call("GET", "/webhooks/" + id, null).json();
        assertFalse(endpoint.get("enabled").asBoolean());
        assertEquals("[\"user.*\"]", endpoint.get("event_types").toString());
        assertEquals("edited in the console", endpoint.get("description").asText());
        assertEquals("disabled", page("authio-webhooks", id).path("config").path("status").get(0).asText());
        assertEquals(1L, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'webhook.endpoint.updated' "
                + "and METADATA like ?", realm.getId(), "%admin-console%"));
    }

    @Test
    void aConsoleEditIsCheckedLikeTheApiAndABadOneChangesNothing() {
        String url = receiver.url("/console-ssrf");
        String id = api.webhook(url, "user.login.*").get("id").asText();
        ObjectNode row = (ObjectNode) page("authio-webhooks", id);
        ((ObjectNode) row.get("config")).set("url", Json.MAPPER.valueToTree(List.of("http://169.254.169.254/latest/meta-data")));
        Json.Reply refused = Json.send("PUT", adminUrl("/components/" + id), api.token(), row.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("refused"), refused.body());
        assertEquals(url, api.call("GET", "/webhooks/" + id, null).json().get("url").asText());

        ((ObjectNode) row.get("config")).set("url", Json.MAPPER.valueToTree(List.of(url)));
        ((ObjectNode) row.get("config")).set("event-types", Json.MAPPER.valueToTree(List.of("bad pattern!")));
        assertEquals(400, Json.send("PUT", adminUrl("/components/" + id), api.token(), row.toString()).status());
        assertEquals("[\"user.login.*\"]", api.call("GET", "/webhooks/" + id, null).json().get("event_types").toString());
    }

    @Test
    void creatingAnEndpointInTheConsoleIsRefusedWithAPointerToTheApi() throws Exception {
        long before = TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ?", realm.getId());
        String body = Json.MAPPER.writeValueAsString(Map.of("name", "console-made", "providerId", "authio-webhooks", "providerType", UI_PAGE,
                "parentId", realm.getId(), "config", Map.of("url", List.of(receiver.url("/console-made")), "event-types", List.of("*"))));
        Json.Reply refused = Json.send("POST", adminUrl("/components"), api.token(), body);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("/authio/webhooks"), refused.body());
        assertEquals(before, TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ?", realm.getId()));
        assertEquals(0L, TestDb.count("select count(*) from COMPONENT where REALM_ID = ? and NAME = 'console-made'", realm.getId()));
    }

    @Test
    void deletingInTheConsoleDeletesTheSinkAndDeletingThroughTheApiClearsTheConsole() {
        String sink = api.sink(Map.of("type", "http", "url", receiver.url("/console-sink"), "event_types", List.of("*"))).get("id").asText();
        JsonNode row = page("authio-siem-sinks", sink);
        assertNotNull(row);
        assertTrue(row.path("config").path("type").get(0).asText().startsWith("http"), row.toString());
        assertEquals(204, Json.send("DELETE", adminUrl("/components/" + sink), api.token(), null).status());
        assertEquals(404, api.call("GET", "/siem-sinks/" + sink, null).status());

        String hook = api.webhook(receiver.url("/console-api-delete"), "*").get("id").asText();
        assertNotNull(page("authio-webhooks", hook));
        assertEquals(204, api.call("DELETE", "/webhooks/" + hook, null).status());
        assertEquals(null, page("authio-webhooks", hook));
    }

    @Test
    void anEndpointAuthioDisablesShowsWhyInTheConsole() throws Exception {
        String path = "/console-gone";
        receiver.respond(r -> r.path().equals(path) ? HttpReceiver.Reply.of(410) : HttpReceiver.Reply.of(200));
        String id = api.webhook(receiver.url(path), "webhook.test").get("id").asText();
        api.call("POST", "/webhooks/" + id + "/test", null);
        Deliveries.await(() -> page("authio-webhooks", id).path("config").path("enabled").get(0).asText().equals("false"), 10_000,
                "console shows the endpoint disabled");
        assertTrue(page("authio-webhooks", id).path("config").path("status").get(0).asText().contains("410"));
    }

    // ---- risk settings, API keys, DSRs, risk decisions ---------------------------------------------------

    @Test
    void theConsoleKnowsTheOtherAuthioPagesAndTheRiskSettingsTab() {
        JsonNode info = Json.get(urls.getBase() + "/admin/serverinfo", api.token()).json().path("componentTypes");
        List<String> pages = new ArrayList<>();
        info.path(UI_PAGE).forEach(t -> pages.add(t.path("id").asText()));
        assertTrue(pages.containsAll(List.of("authio-api-keys", "authio-dsrs", "authio-risk-decisions")), pages.toString());
        JsonNode tab = null;
        for (JsonNode t : info.path(ConsoleData.UI_TAB)) {
            if (t.path("id").asText().equals("authio-risk-settings")) {
                tab = t;
            }
        }
        assertNotNull(tab, "the risk settings tab is offered");
        assertEquals("/:realm/realm-settings/:tab?", tab.path("metadata").path("path").asText());
        assertEquals("authio-risk-settings", tab.path("metadata").path("params").path("tab").asText());
        for (JsonNode t : info.path(UI_PAGE)) {
            if (t.path("id").asText().equals("authio-dsrs")) {
                assertEquals("[\"received\",\"request_type\",\"subject\",\"status\",\"due\",\"completed\"]",
                        t.path("metadata").path("displayFields").toString());
            }
        }
    }

    @Test
    void theRiskSettingsTabShowsTheRealmsSettingsAndFollowsTheApi() {
        JsonNode settings = data.api("GET", "/risk-settings", null).json();
        JsonNode tab = data.riskTab();
        assertNotNull(tab, "every realm has its risk settings tab");
        assertEquals(settings.path("thresholds").path("deny").asText(), ConsoleData.first(tab, "deny_threshold"));
        ((ObjectNode) settings.get("thresholds")).put("step_up", 35);
        assertEquals(200, data.api("PUT", "/risk-settings", settings).status());
        assertEquals("35", ConsoleData.first(data.riskTab(), "step_up_threshold"));
    }

    @Test
    void aBadRiskSettingInTheConsoleIsRefusedWithTheApisMessageAndStoresNothing() {
        JsonNode before = data.api("GET", "/risk-settings", null).json();
        ObjectNode tab = (ObjectNode) data.riskTab();
        ((ObjectNode) tab.get("config")).set("deny_threshold", Json.MAPPER.valueToTree(List.of("lots")));
        Json.Reply refused = Json.send("PUT", data.adminUrl("/components/" + tab.get("id").asText()), data.token(), tab.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("thresholds.deny must be an integer between 1 and 101"), refused.body());
        ((ObjectNode) tab.get("config")).set("deny_threshold", Json.MAPPER.valueToTree(List.of("10")));
        refused = Json.send("PUT", data.adminUrl("/components/" + tab.get("id").asText()), data.token(), tab.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("thresholds.deny must be at least thresholds.step_up"), refused.body());
        assertEquals(before, data.api("GET", "/risk-settings", null).json());
    }

    @Test
    void aRiskSettingChangedInTheConsoleReachesTheApiAndIsAudited() {
        ObjectNode tab = (ObjectNode) data.riskTab();
        ObjectNode config = (ObjectNode) tab.get("config");
        config.set("deny_threshold", Json.MAPPER.valueToTree(List.of("92")));
        config.set("weight_new_device", Json.MAPPER.valueToTree(List.of("2.5")));
        config.set("realm", Json.MAPPER.valueToTree(List.of(realm.name()))); // the console adds its route parameters
        config.set("tab", Json.MAPPER.valueToTree(List.of("authio-risk-settings")));
        long audited = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'risk.settings.updated' "
                + "and METADATA like ?", realm.getId(), "%admin-console%");
        assertEquals(204, Json.send("PUT", data.adminUrl("/components/" + tab.get("id").asText()), data.token(), tab.toString()).status());

        JsonNode settings = data.api("GET", "/risk-settings", null).json();
        assertEquals(92, settings.path("thresholds").path("deny").asInt());
        assertEquals(2.5, settings.path("signals").path("new_device").path("weight").asDouble());
        assertEquals(audited + 1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'risk.settings.updated' "
                + "and METADATA like ?", realm.getId(), "%admin-console%"));
        JsonNode stored = data.riskTab();
        assertTrue(stored.path("config").path("realm").isMissingNode(), "route parameters are not kept: " + stored);
    }

    @Test
    void apiKeysAreListedWithoutTheirSecretAndCannotBeIssuedOrChangedInTheConsole() throws Exception {
        String client = data.serviceClient("console-keys-" + System.nanoTime());
        JsonNode key = data.apiKey("console listed key", client, "dsr", "audit:read");
        String id = key.get("id").asText();
        JsonNode row = data.row("authio-api-keys", id);
        assertNotNull(row, "the key appears on the console page");
        assertEquals("console listed key", ConsoleData.first(row, "name"));
        assertEquals(key.get("prefix").asText(), ConsoleData.first(row, "prefix"));
        assertEquals("active", ConsoleData.first(row, "status"));
        assertEquals(java.util.Set.of("audit:read", "dsr"), java.util.Set.copyOf(Json.MAPPER.convertValue(row.path("config").path("scopes"), List.class)));
        String secret = key.get("key").asText();
        assertFalse(row.toString().contains(secret.substring(secret.length() - 20)), "never the key");
        assertEquals(0L, TestDb.count("select count(*) from COMPONENT_CONFIG where VALUE like ?", "%" + secret.substring(secret.length() - 20) + "%"));

        ((ObjectNode) row.get("config")).set("scopes", Json.MAPPER.valueToTree(List.of("dsr", "webhooks")));
        Json.Reply refused = Json.send("PUT", data.adminUrl("/components/" + id), data.token(), row.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("cannot be changed"), refused.body());
        assertEquals("[\"audit:read\",\"dsr\"]", data.api("GET", "/api-keys/" + id, null).json().get("scopes").toString());

        String body = Json.MAPPER.writeValueAsString(Map.of("name", "console-key", "providerId", "authio-api-keys", "providerType", UI_PAGE,
                "parentId", realm.getId(), "config", Map.of("name", List.of("console-key"))));
        refused = Json.send("POST", data.adminUrl("/components"), data.token(), body);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("/authio/api-keys"), refused.body());
    }

    @Test
    void deletingAnApiKeyInTheConsoleRevokesItAndIsAudited() {
        String client = data.serviceClient("console-revoke-" + System.nanoTime());
        String id = data.apiKey("console revoked key", client, "dsr").get("id").asText();
        String apiRevoked = data.apiKey("api revoked key", client, "dsr").get("id").asText();
        assertEquals(204, Json.send("DELETE", data.adminUrl("/components/" + id), data.token(), null).status());
        JsonNode k = data.api("GET", "/api-keys/" + id, null).json();
        assertEquals("revoked", k.get("status").asText());
        assertEquals(1L, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api_key.revoked' "
                + "and METADATA like ? and METADATA like ?", realm.getId(), "%" + id + "%", "%admin-console%"));

        assertEquals(200, data.api("POST", "/api-keys/" + apiRevoked + "/revoke", null).status());
        assertEquals("revoked", ConsoleData.first(data.row("authio-api-keys", apiRevoked), "status"));
    }

    @Test
    void dataSubjectRequestsAreListedReadOnlyAndFollowTheirState() {
        JsonNode dsr = data.dsr("export", "console-subject@example.test");
        String id = dsr.get("dsr_id").asText();
        String componentId = id.substring("dsr_".length());
        JsonNode row = data.row("authio-dsrs", componentId);
        assertNotNull(row, "the request appears on the console page");
        assertEquals("export", ConsoleData.first(row, "request_type"));
        assertEquals("console-subject@example.test", ConsoleData.first(row, "subject"));
        assertEquals("pending", ConsoleData.first(row, "status"));
        assertEquals(dsr.get("due_at").asText(), ConsoleData.first(row, "due"));
        assertEquals(null, ConsoleData.first(row, "completed"));

        ((ObjectNode) row.get("config")).set("status", Json.MAPPER.valueToTree(List.of("completed")));
        Json.Reply refused = Json.send("PUT", data.adminUrl("/components/" + componentId), data.token(), row.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("read-only"), refused.body());
        Json.Reply notDeleted = Json.send("DELETE", data.adminUrl("/components/" + componentId), data.token(), null);
        assertEquals(400, notDeleted.status(), notDeleted.body());
        assertTrue(notDeleted.body().contains("read-only"), notDeleted.body());
        assertEquals("pending", data.api("GET", "/compliance/dsr/" + id, null).json().get("status").asText());

        assertEquals(200, data.api("POST", "/compliance/dsr/" + id + "/cancel", Map.of()).status());
        JsonNode cancelled = data.row("authio-dsrs", componentId);
        assertEquals("cancelled", ConsoleData.first(cancelled, "status"));
        assertNotNull(ConsoleData.first(cancelled, "completed"));
    }

    @Test
    void aDeniedSignInAppearsOnTheRiskDecisionsPageAndLeavesItWhenTheUserIsErased() {
        Users.Created user = Users.create(realm.admin(), "console-denied");
        data.deniedSignIn(user.username());
        ConsoleData.await(() -> decisionRowOf(user.id()) != null, 15_000, "the denied sign-in on the console page");
        JsonNode row = decisionRowOf(user.id());
        assertEquals("deny", ConsoleData.first(row, "decision"));
        assertEquals(user.username(), ConsoleData.first(row, "user"));
        assertTrue(row.path("config").path("signals").toString().contains("denylisted_ip"), row.toString());
        String decisionId = row.get("id").asText();
        assertEquals(decisionId, data.api("GET", "/risk-decisions?user_id=" + user.id() + "&decision=deny", null).json()
                .path("data").get(0).path("id").asText());

        ((ObjectNode) row.get("config")).set("decision", Json.MAPPER.valueToTree(List.of("allow")));
        Json.Reply refused = Json.send("PUT", data.adminUrl("/components/" + decisionId), data.token(), row.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("read-only"), refused.body());

        String erasure = data.dsr("deletion", user.email()).get("dsr_id").asText();
        assertEquals(200, data.api("POST", "/compliance/dsr/" + erasure + "/fulfill", Map.of()).status());
        assertEquals(null, decisionRowOf(user.id()), "no row names the erased user");
        JsonNode anonymized = data.row("authio-risk-decisions", decisionId); // the history stays, anonymized, like in the API
        if (anonymized != null) {
            assertEquals(null, ConsoleData.first(anonymized, "user"));
            assertEquals(null, ConsoleData.first(anonymized, "user_id"));
        }
        JsonNode erasureRow = data.row("authio-dsrs", erasure.substring("dsr_".length()));
        assertEquals("completed", ConsoleData.first(erasureRow, "status"));
        assertEquals(null, ConsoleData.first(erasureRow, "subject"), "the fulfilled deletion's row no longer names the person");
        assertEquals(0L, TestDb.count("select count(*) from COMPONENT_CONFIG where lower(VALUE) like ?", "%" + user.email().toLowerCase() + "%"));
    }

    private JsonNode decisionRowOf(String userId) {
        for (JsonNode c : data.pageRows("authio-risk-decisions")) {
            if (userId.equals(ConsoleData.first(c, "user_id"))) {
                return c;
            }
        }
        return null;
    }
}
