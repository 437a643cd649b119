package io.authio.tests.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * Attacks on the end-user endpoints {@code /realms/{realm}/authio/activity} and {@code /devices} (threat model,
 * "User endpoints"): they hold the user's IP addresses and let devices be forgotten, so they ask what Keycloak's
 * account REST API asks: a user's token with the {@code account} audience and {@code view-profile} (or
 * {@code manage-account}) to read, {@code manage-account} to delete. A client an administrator scoped down, a
 * token of another realm and a service account are refused.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class UserEndpointsAttackIT {

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    private static Realms.TestRealm realm;
    private static Realms.TestRealm other;

    @BeforeEach
    void realms() {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-user-endpoints");
            other = Realms.importDemoAs(admin, urls, "authio-user-endpoints-other");
            client(realm, "full-app", true, null);
            client(realm, "narrow-app", false, null);
            client(realm, "view-only-app", false, "view-profile");
            client(other, "full-app", true, null);
            ClientRepresentation service = new ClientRepresentation();
            service.setClientId("service-app");
            service.setPublicClient(false);
            service.setSecret("service-secret");
            service.setServiceAccountsEnabled(true);
            service.setStandardFlowEnabled(false);
            try (Response r = realm.admin().clients().create(service)) {
                assertEquals(201, r.getStatus());
            }
        }
    }

    @Test
    void aScopedDownClientWithoutTheAccountAudienceCanNeitherReadNorDelete() {
        Users.Created ann = Users.create(realm.admin(), "ann");
        signInWithTheBrowser(ann);
        String full = token(realm, "full-app", ann.username());
        String narrow = token(realm, "narrow-app", ann.username());
        assertNoAccountAudience(narrow);
        String deviceId = Json.get(url("/devices"), full).json().get("data").get(0).get("id").asText();

        Json.Reply activity = Json.get(url("/activity"), narrow);
        Json.Reply devices = Json.get(url("/devices"), narrow);
        Json.Reply delete = Json.send("DELETE", url("/devices/" + deviceId), narrow, null);

        assertEquals(403, activity.status(), "the activity (IP addresses) needs the account audience: " + activity.body());
        assertEquals(403, devices.status(), devices.body());
        assertEquals(403, delete.status(), delete.body());
        assertEquals("forbidden", delete.json().get("error").asText());
        assertEquals(1, Json.get(url("/devices"), full).json().get("data").size(), "the refused delete removed nothing");
        assertFalse(activity.body().contains("62.96.") || activity.body().contains("127.0.0.1"), "nothing of the user's data leaks");
    }

    @Test
    void theDefaultScopesReadAndDeleteAsKeycloaksAccountApiAllows() {
        Users.Created bo = Users.create(realm.admin(), "bo");
        signInWithTheBrowser(bo);
        String full = token(realm, "full-app", bo.username());

        Json.Reply activity = Json.get(url("/activity"), full);
        Json.Reply devices = Json.get(url("/devices"), full);

        assertEquals(200, activity.status(), activity.body());
        assertTrue(activity.json().get("data").size() >= 1);
        assertEquals(200, devices.status(), devices.body());
        String deviceId = devices.json().get("data").get(0).get("id").asText();
        assertEquals(204, Json.send("DELETE", url("/devices/" + deviceId), full, null).status());
        assertEquals(0, Json.get(url("/devices"), full).json().get("data").size());
    }

    @Test
    void viewProfileReadsButOnlyManageAccountDeletes() {
        Users.Created cai = Users.create(realm.admin(), "cai");
        signInWithTheBrowser(cai);
        String full = token(realm, "full-app", cai.username());
        String viewOnly = token(realm, "view-only-app", cai.username());
        String deviceId = Json.get(url("/devices"), full).json().get("data").get(0).get("id").asText();

        assertEquals(200, Json.get(url("/activity"), viewOnly).status());
        assertEquals(200, Json.get(url("/devices"), viewOnly).status());
        Json.Reply delete = Json.send("DELETE", url("/devices/" + deviceId), viewOnly, null);

        assertEquals(403, delete.status(), "one role lower than manage-account cannot forget a device: " + delete.body());
        assertEquals(1, Json.get(url("/devices"), full).json().get("data").size());
    }

    @Test
    void anotherRealmsTokenAndAServiceAccountAreRefused() {
        Users.Created dan = Users.create(other.admin(), "dan");
        String foreign = token(other, "full-app", dan.username());
        String service = Json.clientToken(realm.baseUrl(), "service-app", "service-secret");

        for (String path : List.of("/activity", "/devices")) {
            Json.Reply fromOtherRealm = Json.get(url(path), foreign);
            assertEquals(401, fromOtherRealm.status(), "a token of another realm: " + fromOtherRealm.body());
            assertEquals("Bearer", fromOtherRealm.header("WWW-Authenticate"));
            Json.Reply fromService = Json.get(url(path), service);
            assertEquals(403, fromService.status(), "service accounts have no account to show: " + fromService.body());
            assertEquals(401, Json.get(url(path), null).status());
            assertEquals(401, Json.get(url(path), "not-a-token").status());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private String url(String path) {
        return realm.baseUrl() + "/authio" + path;
    }

    /** A browser sign-in through the demo app: it leaves a known device and activity rows. */
    private void signInWithTheBrowser(Users.Created user) {
        Oidc oidc = new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.login(user.username(), Users.PASSWORD).succeeded());
    }

    /** A password-grant token of a realm user through the given client. */
    private static String token(Realms.TestRealm r, String clientId, String username) {
        Json.Reply reply = Json.post(r.baseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", clientId, "username", username, "password", Users.PASSWORD), null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().get("access_token").asText();
    }

    /**
     * A public password-grant client: with the full scope (as Keycloak creates clients), or with full scope off
     * and at most one {@code account} client role in its scope.
     */
    private static void client(Realms.TestRealm r, String clientId, boolean fullScope, String accountRole) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setPublicClient(true);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(true);
        c.setFullScopeAllowed(fullScope);
        try (Response response = r.admin().clients().create(c)) {
            assertEquals(201, response.getStatus());
        }
        if (accountRole != null) {
            String id = r.admin().clients().findByClientId(clientId).get(0).getId();
            String account = r.admin().clients().findByClientId("account").get(0).getId();
            RoleRepresentation role = r.admin().clients().get(account).roles().get(accountRole).toRepresentation();
            r.admin().clients().get(id).getScopeMappings().clientLevel(account).add(List.of(role));
        }
    }

    private static void assertNoAccountAudience(String token) {
        var payload = Jwt.parse(token).payload();
        assertNotNull(payload.get("sub"));
        String aud = payload.has("aud") ? payload.get("aud").toString() : "";
        assertFalse(aud.contains("\"account\""), "the scoped-down client's token has no account audience: " + aud);
        assertFalse(payload.has("resource_access") && payload.get("resource_access").has("account"), payload.toString());
    }
}
