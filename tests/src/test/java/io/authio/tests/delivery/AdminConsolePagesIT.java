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

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * Webhook endpoints and SIEM sinks in the Keycloak admin console: the declarative-UI pages the console renders
 * (component types from server info, rows from the realm's components), edits and deletes made there, and
 * the refusal to create an endpoint where its secret could not be shown once.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AdminConsolePagesIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static HttpReceiver receiver;
    private Deliveries api;

    @BeforeEach
    void setUp() throws Exception {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-console-it");
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
}
