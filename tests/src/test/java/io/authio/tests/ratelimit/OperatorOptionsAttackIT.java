package io.authio.tests.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.StandaloneKeycloak;
import io.authio.tests.support.Users;

/**
 * Attacks on what the server operator owns (threat model, "Risk scoring coverage" and "API keys and rate limits"),
 * on a Keycloak of its own (see {@link StandaloneKeycloak}: the shared test server cannot take these options without
 * changing every other test): with {@code install-in-new-realms} every new realm but the administrators' has Authio
 * on from its first sign-in; a tenant cannot raise the operator's API rate limit with its realm attributes.
 */
class OperatorOptionsAttackIT {

    static final int REQUESTS_PER_MINUTE = 5;

    private static StandaloneKeycloak server;
    private static String base;

    @BeforeAll
    static void aServerWithTheOperatorsOptions() {
        server = StandaloneKeycloak.start("operator-options", List.of(
                "--spi-authio-setup--default--install-in-new-realms=true",
                "--spi-authio-rate-limit--default--requests-per-minute=" + REQUESTS_PER_MINUTE), Map.of(), Duration.ofMinutes(10));
        assertTrue(server.running(), server.tail());
        base = StandaloneKeycloak.baseUrl();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyNewRealmButTheAdministratorsHasAuthioOnFromTheStart() {
        String token = adminToken();
        String realm = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, Json.send("POST", base + "/admin/realms", token, "{\"realm\":\"" + realm + "\",\"enabled\":true}").status());

        JsonNode fresh = Json.get(base + "/admin/realms/" + realm, token).json();
        assertEquals("authio browser", fresh.get("browserFlow").asText());
        assertEquals("authio direct grant", fresh.get("directGrantFlow").asText());
        assertEquals("installed", fresh.get("attributes").get("authio.setup").asText());
        assertEquals("browser", Json.get(base + "/admin/realms/master", token).json().get("browserFlow").asText(),
                "the administrators' realm keeps Keycloak's flows unless set up explicitly");

        String admin = base + "/admin/realms/" + realm;
        assertEquals(201, Json.send("POST", admin + "/clients", token,
                "{\"clientId\":\"cli\",\"publicClient\":true,\"directAccessGrantsEnabled\":true}").status());
        assertEquals(201, Json.send("POST", admin + "/users", token, "{\"username\":\"hal\",\"enabled\":true,"
                + "\"email\":\"hal@example.test\",\"emailVerified\":true,\"firstName\":\"Hal\",\"lastName\":\"Fresh\","
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + Users.PASSWORD + "\",\"temporary\":false}]}").status());
        Json.Reply grant = Json.post(base + "/realms/" + realm + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "cli", "username", "hal", "password", Users.PASSWORD), null);
        assertEquals(200, grant.status(), grant.body());
        JsonNode decisions = Json.get(admin + "/authio/risk-decisions", token).json().get("data");
        assertEquals(1, decisions.size(), decisions.toString());
        assertEquals("direct_grant", decisions.get(0).get("kind").asText());
        assertTrue(Jwt.parse(grant.json().get("access_token").asText()).payload().has("authio_risk"),
                "a new client gets the risk claim's scope by default");
    }

    @Test
    void aRealmCanLowerTheOperatorsApiLimitButNeverRaiseIt() {
        String token = adminToken();
        String realm = "greedy-" + UUID.randomUUID().toString().substring(0, 8);
        // the tenant asks for far more than the operator allows
        assertEquals(201, Json.send("POST", base + "/admin/realms", token, "{\"realm\":\"" + realm + "\",\"enabled\":true,"
                + "\"attributes\":{\"authio.api.requests-per-minute\":\"100000\",\"authio.audit.requests-per-minute\":\"100000\"}}").status());
        int ok = 0;
        Json.Reply limited = null;
        for (int i = 0; i < 2 * REQUESTS_PER_MINUTE && limited == null; i++) {
            Json.Reply r = Json.get(base + "/admin/realms/" + realm + "/authio/audit-events", token);
            if (r.status() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.status(), r.body());
                ok++;
            }
        }
        assertEquals(REQUESTS_PER_MINUTE, ok, "the operator's limit is the ceiling");
        assertNotNull(limited);
        RateLimitAttackIT.assertRateLimited(limited);
    }

    private static String adminToken() {
        Json.Reply r = Json.post(base + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", StandaloneKeycloak.ADMIN, "password", StandaloneKeycloak.ADMIN_PASSWORD), null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }
}
