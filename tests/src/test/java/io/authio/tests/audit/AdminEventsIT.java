package io.authio.tests.audit;

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
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Authio's configuration changes reach Keycloak's own admin events (beside Authio's audit rows): an auditor reading
 * the realm's admin events sees who changed a setting, a destination, a key or an API key, and what it became,
 * without the secrets the change produced.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AdminEventsIT {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void authiosConfigurationChangesAreKeycloakAdminEventsWithoutTheirSecrets() {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "authio-admin-events");
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setAdminEventsEnabled(true);
        rep.setAdminEventsDetailsEnabled(true);
        realm.admin().update(rep);
        Users.Created a = Users.create(realm.admin(), "events-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "realm-admin");
        String token = Users.adminCliToken(realm.baseUrl(), a.username());
        String api = realm.baseUrl().replace("/realms/", "/admin/realms/") + "/authio";

        Json.Reply settings = Json.send("PUT", api + "/risk-settings", token, "{}");
        assertEquals(200, settings.status(), settings.body());
        assertEquals(200, Json.send("PUT", api + "/delivery-settings", token,
                io.authio.core.json.Json.write(Map.of("allowed_networks", List.of("127.0.0.1/32")))).status());
        Json.Reply hook = Json.send("POST", api + "/webhooks", token,
                io.authio.core.json.Json.write(Map.of("url", "http://127.0.0.1:9/admin-events?token=hidden", "event_types", List.of("user.*"))));
        assertEquals(201, hook.status(), hook.body());
        String hookId = hook.json().get("id").asText();
        Json.Reply rotated = Json.send("POST", api + "/webhooks/" + hookId + "/rotate-secret", token, "{}");
        assertEquals(200, rotated.status(), rotated.body());
        Users.serviceAccountClient(realm.admin(), "events-reader");
        Json.Reply key = Json.send("POST", api + "/api-keys", token, io.authio.core.json.Json.write(Map.of("name", "events key",
                "scopes", List.of("audit:read"), "client_id", "events-reader")));
        assertEquals(201, key.status(), key.body());
        String keyId = key.json().get("id").asText();
        List<JsonNode> before = authioAdminEvents(realm, token);
        Json.Reply refused = Json.send("PUT", api + "/risk-settings", token, "{\"bias\": \"high\"}");
        assertEquals(400, refused.status(), refused.body());

        List<JsonNode> events = authioAdminEvents(realm, token);
        assertEquals(before.size(), events.size(), "a refused change leaves no admin event: " + events);
        JsonNode risk = one(events, "UPDATE", "authio/risk-settings");
        assertEquals("AUTHIO_RISK_SETTINGS", risk.get("resourceType").asText());
        assertEquals(a.id(), risk.path("authDetails").path("userId").asText(), "the admin event names the administrator");
        assertTrue(risk.path("representation").asText().contains("\"thresholds\""), risk.toString());
        JsonNode allowlist = one(events, "UPDATE", "authio/delivery-settings");
        assertTrue(allowlist.path("representation").asText().contains("127.0.0.1/32"), allowlist.toString());
        JsonNode created = one(events, "CREATE", "authio/webhooks/" + hookId);
        assertEquals("AUTHIO_WEBHOOK", created.get("resourceType").asText());
        assertTrue(created.path("representation").asText().contains("user.*"), created.toString());
        one(events, "ACTION", "authio/webhooks/" + hookId);
        JsonNode issued = one(events, "CREATE", "authio/api-keys/" + keyId);
        assertTrue(issued.path("representation").asText().contains("audit:read"), issued.toString());

        String all = events.toString();
        String apiKey = key.json().get("key").asText();
        for (String secret : List.of(hook.json().get("secret").asText(), rotated.json().get("secret").asText(), apiKey,
                apiKey.substring(apiKey.length() - 30), "token=hidden")) {
            assertFalse(all.contains(secret), "no secret in Keycloak's admin events: " + secret);
        }
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE like 'admin.authio%'", realm.id()),
                "Authio's own audit log records each change once, in its own terms");
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'risk.settings.updated'", realm.id()));
    }

    /** The realm's admin events about Authio, read through Keycloak's admin events API. */
    private List<JsonNode> authioAdminEvents(Realms.TestRealm realm, String token) {
        Json.Reply r = Json.get(realm.baseUrl().replace("/realms/", "/admin/realms/") + "/admin-events?max=500", token);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : r.json()) {
            if (e.path("resourcePath").asText().startsWith("authio/")) {
                out.add(e);
            }
        }
        return out;
    }

    private static JsonNode one(List<JsonNode> events, String operation, String path) {
        List<JsonNode> matching = events.stream()
                .filter(e -> operation.equals(e.path("operationType").asText()) && path.equals(e.path("resourcePath").asText())).toList();
        assertEquals(1, matching.size(), operation + " " + path + " in " + events);
        assertNotNull(matching.get(0).get("representation"), matching.get(0).toString());
        return matching.get(0);
    }
}
