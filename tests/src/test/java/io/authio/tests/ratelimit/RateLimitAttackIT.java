package io.authio.tests.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Attacks on API budgets (threat model, "API keys and rate limits"): every Authio endpoint, admin and user, is
 * limited per authenticated caller, cluster-wide; a refusal is a 429 with {@code Retry-After}, the standard
 * security headers and an audit event; nobody without the caller's credentials can spend the caller's budget
 * (the operator's ceiling is in {@code OperatorOptionsAttackIT}).
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RateLimitAttackIT {

    static final int LIMIT = 3;
    static final List<String> ADMIN_ENDPOINTS = List.of("/audit-events", "/risk-decisions", "/risk-settings", "/webhooks", "/siem-sinks",
            "/delivery-settings", "/api-keys", "/keys", "/compliance/dsr");
    static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-Frame-Options", "Strict-Transport-Security",
            "Referrer-Policy");

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    private static Realms.TestRealm realm;
    private static Realms.TestRealm other;

    @BeforeEach
    void realm() {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-rate-limit-attacks");
            other = Realms.importDemoAs(admin, urls, "authio-rate-limit-other");
            RealmRepresentation rep = realm.admin().toRepresentation();
            Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
            attributes.put("authio.api.requests-per-minute", Integer.toString(LIMIT));
            rep.setAttributes(attributes);
            realm.admin().update(rep);
        }
    }

    @Test
    void everyAdminEndpointIsLimitedPerCallerWith429RetryAfterHeadersAndAnAuditEvent() {
        Users.Created a = Users.create(realm.admin(), "limited-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "realm-admin");
        String token = Users.adminCliToken(realm.baseUrl(), a.username());

        for (String endpoint : ADMIN_ENDPOINTS) {
            for (int i = 0; i < LIMIT; i++) {
                Json.Reply ok = Json.get(admin(endpoint), token);
                assertNotEquals(429, ok.status(), endpoint + " call " + (i + 1) + " is within the budget");
                assertTrue(ok.status() < 500, endpoint + ": " + ok.body());
            }
            Json.Reply limited = Json.get(admin(endpoint), token);
            assertEquals(429, limited.status(), endpoint + " is limited per caller: " + limited.body());
            assertRateLimited(limited);
        }
        assertTrue(TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api.rate_limited' and ACTOR_ID = ?",
                realm.id(), a.id()) >= ADMIN_ENDPOINTS.size(), "each refusal is audited with the caller as actor");
    }

    @Test
    void theUserEndpointsAreLimitedPerUserAndOneUserCannotSpendAnothersBudget() {
        String ann = userToken("ann");
        String bo = userToken("bo");

        for (String endpoint : List.of("/activity", "/devices")) {
            for (int i = 0; i < LIMIT; i++) {
                assertEquals(200, Json.get(user(endpoint), ann).status());
            }
            Json.Reply limited = Json.get(user(endpoint), ann);
            assertEquals(429, limited.status(), endpoint + ": " + limited.body());
            assertRateLimited(limited);
            assertEquals(200, Json.get(user(endpoint), bo).status(), "another user of the same realm keeps their budget");
        }
    }

    @Test
    void strangersWithoutTheCallersCredentialsSpendNobodysBudget() {
        Users.Created a = Users.create(realm.admin(), "patient-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "view-events");
        String token = Users.adminCliToken(realm.baseUrl(), a.username());
        String cai = userToken("cai");
        Users.Created foreigner = Users.create(other.admin(), "foreigner");
        String foreign = Users.adminCliToken(other.baseUrl(), foreigner.username());

        for (int i = 0; i < 20; i++) {
            for (String bearer : new String[] {null, "garbage", foreign, cai}) {
                Json.Reply atAdmin = Json.get(admin("/audit-events"), bearer);
                // a user of the realm without admin roles is a caller of their own: 403, then their own budget's 429
                boolean refused = atAdmin.status() == 401 || atAdmin.status() == 403 || (bearer == cai && atAdmin.status() == 429);
                assertTrue(refused, atAdmin.status() + " " + atAdmin.body());
                assertSecurityHeaders(atAdmin);
                if (bearer != cai) {
                    Json.Reply user = Json.get(user("/activity"), bearer);
                    assertEquals(401, user.status(), user.body());
                    assertSecurityHeaders(user);
                }
            }
        }

        for (int i = 0; i < LIMIT; i++) {
            assertEquals(200, Json.get(admin("/audit-events"), token).status(), "the caller's budget is untouched");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    static void assertRateLimited(Json.Reply r) {
        assertEquals("rate_limited", r.json().get("error").asText(), r.body());
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertSecurityHeaders(r);
    }

    static void assertSecurityHeaders(Json.Reply r) {
        for (String h : SECURITY_HEADERS) {
            assertNotNull(r.header(h), "the " + r.status() + " answer lacks " + h + ": " + r.response().headers().map());
        }
    }

    private String admin(String path) {
        return realm.baseUrl().replace("/realms/", "/admin/realms/") + "/authio" + path;
    }

    private String user(String path) {
        return realm.baseUrl() + "/authio" + path;
    }

    /** A realm user's token through the demo app (authorization code + PKCE, default scopes). */
    private String userToken(String prefix) {
        Users.Created u = Users.create(realm.admin(), prefix);
        Oidc.LoginResult r = new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login(u.username(), Users.PASSWORD);
        assertTrue(r.succeeded());
        return r.tokens().get("access_token").asText();
    }
}
