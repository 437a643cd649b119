package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectTestDatabase;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.database.TestDatabase;

import io.authio.core.keys.KmsEmulator;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.StandaloneKeycloak;
import io.authio.tests.support.TestDb;
import io.authio.webhooks.WebhookVerifier;

/**
 * The {@code aws-kms} KEK on a real Keycloak (its own server on :8181 and database) against the loopback KMS
 * emulator, which checks every request's SigV4 signature with the AWS SDK's own signer (no AWS account is involved:
 * see docs/key-management.md). Start, a sealed signing key and a webhook secret round-trip, restart, a wrong
 * encryption context and a disabled key refused with the documented errors, a re-wrap to a second key, an outage
 * survived within the cache lifetime (and shown by the readiness check), and refused starts naming the cause.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AwsKmsKekIT {

    private static final String DATABASE = "authio_kms";
    private static final Duration START = Duration.ofMinutes(5);
    private static final int CACHE_SECONDS = 40;
    private static final String HEALTH = "http://localhost:" + StandaloneKeycloak.MANAGEMENT_PORT + "/health/ready";

    private static KmsEmulator kms;
    private static HttpReceiver receiver;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void emulator() throws Exception {
        kms = KmsEmulator.start();
        keyA = kms.createKey("authio-kek");
        keyB = kms.createKey("authio-kek-next");
        receiver = new HttpReceiver();
        receiver.respond(r -> HttpReceiver.Reply.of(200));
    }

    /** The tests' embedded PostgreSQL, which holds this server's own database too. */
    @InjectTestDatabase
    TestDatabase database;

    @AfterAll
    static void stop() {
        if (kms != null) {
            kms.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void keycloakRunsOnAnAwsKmsKekThroughRestartRewrapAndAnOutageAndRefusesToStartWithoutAUsableKey() throws Exception {
        try (Connection c = TestDb.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        String realmUrl = StandaloneKeycloak.baseUrl() + "/realms/kms";
        String kid;
        String webhookId;
        String secret;
        String realmId;
        try (StandaloneKeycloak server = start("kms-1", "alias/authio-kek", null)) {
            assertTrue(server.running(), server.tail());
            assertTrue(server.output().contains("Authio: KEK aws-kms:" + keyA + " loaded; no data keys yet"), server.tail());
            String token = adminToken();
            createRealm(token, "kms");
            realmId = Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/kms", token).json().get("id").asText();

            // sealed by default: an RS256 signing key and an RSA-OAEP key, no plaintext private key in COMPONENT_CONFIG
            JsonNode keys = Json.get(api("kms", ""), token).json();
            kid = activeKid(keys, "RS256");
            assertTrue(activeKid(keys, "RSA-OAEP") != null, keys.toString());
            assertEquals(0L, TestDb.countIn(DATABASE, "select count(*) from COMPONENT_CONFIG c join COMPONENT k on k.ID = c.COMPONENT_ID "
                    + "where k.REALM_ID = ? and c.NAME in ('privateKey', 'ecPrivateKey', 'eddsaPrivateKey')", realmId));

            Jwt jwt = Jwt.parse(login(realmUrl, "id_token"));
            assertEquals(kid, jwt.kid(), "signed by the sealed key");
            assertTrue(jwt.verifiesWith(Jwt.jwks(realmUrl)));

            assertEquals(200, Json.send("PUT", authio("kms", "/delivery-settings"), token, "{\"allowed_networks\":[\"127.0.0.1/32\"]}").status());
            Json.Reply hook = Json.send("POST", authio("kms", "/webhooks"), token,
                    "{\"url\":\"" + receiver.url("/kms") + "\",\"event_types\":[\"*\"],\"description\":\"kms\"}");
            assertEquals(201, hook.status(), hook.body());
            webhookId = hook.json().get("id").asText();
            secret = hook.json().get("secret").asText();
            assertWebhookSignsWith(token, webhookId, secret);

            List<Map<String, Object>> dataKeys = TestDb.queryIn(DATABASE, "select KEK_ID, WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ?", realmId);
            assertEquals(1, dataKeys.size(), dataKeys.toString());
            assertEquals("aws-kms:" + keyA, dataKeys.get(0).get("kek_id"));
            assertTrue(((String) dataKeys.get(0).get("wrapped_key")).startsWith("k1."), dataKeys.toString());
            assertTrue(kms.decryptContexts().contains(Map.of("authio:purpose", "data-key", "authio:realm", realmId, "authio:data-key-version", "1")),
                    "realm and version are the encryption context");
            assertEquals(0, kms.badSignatures(), "every KMS request carried a valid SigV4 signature");
            assertNoSecretsIn(server.output(), secret);
        }

        try (StandaloneKeycloak server = start("kms-2", "alias/authio-kek", null)) {
            assertTrue(server.output().contains("Authio: KEK verified; 1 data keys across KEKs [aws-kms:" + keyA + "]"), server.tail());
            String token = adminToken();
            assertEquals(kid, Jwt.parse(login(realmUrl, "id_token")).kid(), "the same sealed key opens after a restart");
            assertWebhookSignsWith(token, webhookId, secret);

            // a wrapped data key copied to another realm does not open: KMS refuses the encryption context
            createRealm(token, "kms-other");
            String otherId = Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/kms-other", token).json().get("id").asText();
            String own = (String) TestDb.queryIn(DATABASE, "select WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ?", otherId).get(0).get("wrapped_key");
            String copied = (String) TestDb.queryIn(DATABASE, "select WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ?", realmId).get(0).get("wrapped_key");
            TestDb.updateIn(DATABASE, "update AUTHIO_DATA_KEY set WRAPPED_KEY = ? where REALM_ID = ?", copied, otherId);
            Json.Reply refused = Json.send("POST", api("kms-other", "/data-key/reseal"), token, null);
            assertEquals(409, refused.status(), refused.body());
            assertEquals("unsealable", refused.json().get("error").asText());
            assertTrue(refused.json().get("error_description").asText().contains("cannot unwrap this data key"), refused.body());
            TestDb.updateIn(DATABASE, "update AUTHIO_DATA_KEY set WRAPPED_KEY = ? where REALM_ID = ?", own, otherId);

            // a disabled key: new data keys cannot be wrapped, the answer says why, nothing is written
            kms.setState(keyA, "Disabled");
            try {
                Json.Reply disabled = Json.send("POST", api("kms", "/data-key/rotate"), token, "{}");
                assertEquals(503, disabled.status(), disabled.body());
                assertEquals("kek_unavailable", disabled.json().get("error").asText());
                assertTrue(disabled.json().get("error_description").asText().contains("key disabled"), disabled.body());
                assertEquals(1L, TestDb.countIn(DATABASE, "select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", realmId));
            } finally {
                kms.setState(keyA, "Enabled");
            }
        }

        try (StandaloneKeycloak server = start("kms-3", "alias/authio-kek-next", "alias/authio-kek")) {
            assertTrue(server.output().contains("new data keys are wrapped by aws-kms:" + keyB), server.tail());
            String token = adminToken();
            Json.Reply rewrap = Json.send("POST", StandaloneKeycloak.baseUrl() + "/admin/realms/master/authio/keys/kek/rewrap", token, "{}");
            assertEquals(200, rewrap.status(), rewrap.body());
            assertEquals(0, rewrap.json().get("remaining").asInt(), rewrap.body());
            assertEquals(List.of("aws-kms:" + keyB), TestDb.queryIn(DATABASE, "select distinct KEK_ID from AUTHIO_DATA_KEY").stream()
                    .map(r -> (String) r.get("kek_id")).toList());
            assertEquals(1L, TestDb.countIn(DATABASE, "select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ? and KIND = 'kek' "
                    + "and OLD_KEY_ID = ? and NEW_KEY_ID = ?", realmId, "aws-kms:" + keyA, "aws-kms:" + keyB));
            assertEquals(kid, Jwt.parse(login(realmUrl, "id_token")).kid());
            assertWebhookSignsWith(token, webhookId, secret);

            // outage: KMS goes away; keys opened before keep signing for the cache lifetime, and the readiness check says so
            login(realmUrl, "id_token");
            long stoppedAt = System.currentTimeMillis();
            kms.stop();
            JsonNode degraded = awaitHealth(h -> "degraded".equals(kekCheck(h).path("data").path("state").asText()), Duration.ofSeconds(30));
            assertEquals("UP", degraded.get("status").asText(), degraded.toString());
            assertTrue(kekCheck(degraded).path("data").path("last_error").asText().contains("unreachable"), degraded.toString());
            assertEquals(kid, Jwt.parse(login(realmUrl, "id_token")).kid(), "sign-in works within the cache lifetime");
            assertTrue(System.currentTimeMillis() - stoppedAt < CACHE_SECONDS * 1000L, "still within the cache lifetime");
            assertTrue(server.output().contains("Authio: the aws-kms KEK is failing: AWS KMS "), server.tail());

            JsonNode down = awaitHealth(h -> "DOWN".equals(h.get("status").asText()), Duration.ofSeconds(CACHE_SECONDS + 30));
            assertEquals("down", kekCheck(down).path("data").path("state").asText(), down.toString());
            Oidc.LoginResult failed = new Oidc(realmUrl, PublicClient.CLIENT_ID, PublicClient.REDIRECT).login("kira", "kms-user-password-1");
            assertFalse(failed.succeeded(), "past the cache lifetime the key cannot sign; nothing else signs instead");
            assertEquals(0L, TestDb.countIn(DATABASE, "select count(*) from COMPONENT_CONFIG c join COMPONENT k on k.ID = c.COMPONENT_ID "
                    + "where k.REALM_ID = ? and c.NAME = 'privateKey'", realmId), "no plaintext fallback key was created");

            kms.resume();
            awaitHealth(h -> "UP".equals(h.get("status").asText()) && "up".equals(kekCheck(h).path("data").path("state").asText()),
                    Duration.ofSeconds(30));
            assertEquals(kid, Jwt.parse(login(realmUrl, "id_token")).kid(), "back once KMS answers");
            assertTrue(server.output().contains("Authio: the aws-kms KEK answers again"), server.tail());
            assertNoSecretsIn(server.output(), secret);
        }

        // refused starts, each with one line naming the provider and the cause
        kms.setState(keyB, "Disabled");
        assertRefused("kms-disabled", "aws-kms KEK cannot be used: AWS KMS key alias/authio-kek-next (" + keyB + "): key disabled");
        kms.setState(keyB, "Enabled");
        kms.deny("Encrypt");
        assertRefused("kms-denied", "aws-kms KEK cannot be used: AWS KMS Encrypt with key " + keyB + ": access denied");
        kms.allowAll();
        kms.stop();
        try {
            assertRefused("kms-unreachable", "aws-kms KEK cannot be used: AWS KMS DescribeKey with key alias/authio-kek-next: unreachable");
        } finally {
            kms.resume();
        }
    }

    private static void assertRefused(String name, String cause) throws Exception {
        try (StandaloneKeycloak refused = start(name, "alias/authio-kek-next", "alias/authio-kek")) {
            assertNotEquals(0, refused.awaitExit(Duration.ofMinutes(2)), refused.tail());
            String line = refused.output().lines().filter(l -> l.contains("Authio refuses to start")).findFirst().orElse("");
            assertTrue(line.contains(cause), "expected '" + cause + "' in: " + line + "\n" + refused.tail());
            assertFalse(refused.output().contains("started in"), "never served requests");
        }
    }

    private static StandaloneKeycloak start(String name, String keyId, String previous) {
        List<String> options = new ArrayList<>(List.of("--db=postgres", "--db-url=" + TestDb.jdbcUrl(DATABASE),
                "--db-username=" + TestDb.user(), "--db-password=" + TestDb.password(), "--health-enabled=true",
                "--spi-authio-kek--aws-kms--key-id=" + keyId,
                "--spi-authio-kek--aws-kms--region=" + KmsEmulator.REGION,
                "--spi-authio-kek--aws-kms--endpoint=" + kms.endpoint(),
                "--spi-authio-kek--aws-kms--cache-seconds=" + CACHE_SECONDS,
                "--spi-authio-kek--aws-kms--call-timeout-ms=2000",
                "--spi-authio-kek--aws-kms--health-probe-seconds=5"));
        if (previous != null) {
            options.add("--spi-authio-kek--aws-kms--previous-key-ids=" + previous);
        }
        // credentials reach the SDK's default chain through the environment, never through Keycloak's options
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KmsEmulator.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", KmsEmulator.SECRET_ACCESS_KEY,
                "AWS_EC2_METADATA_DISABLED", "true");
        return StandaloneKeycloak.start(name, options, env, START);
    }

    /** Neither the AWS secret nor webhook secrets nor key material reach the server log. */
    private static void assertNoSecretsIn(String log, String webhookSecret) {
        assertFalse(log.contains(KmsEmulator.SECRET_ACCESS_KEY), "AWS secret key in the log");
        assertFalse(log.contains(webhookSecret.substring("whsec_".length())), "webhook secret in the log");
        assertFalse(log.contains("BEGIN PRIVATE KEY") || log.contains("BEGIN RSA PRIVATE KEY"), "private key in the log");
    }

    private static void assertWebhookSignsWith(String token, String webhookId, String secret) throws Exception {
        int before = receiver.requests().size();
        Json.Reply sent = Json.send("POST", authio("kms", "/webhooks/" + webhookId + "/test"), token, null);
        assertTrue(sent.status() / 100 == 2, sent.body());
        HttpReceiver.Request request = receiver.awaitCount(r -> r.path().equals("/kms"), before + 1, 30_000).get(before);
        assertDoesNotThrow(() -> new WebhookVerifier(secret).verify(request.headers(), request.body()), "signed with the sealed secret");
    }

    private static JsonNode kekCheck(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if ("Authio KEK".equals(check.path("name").asText())) {
                return check;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    private static JsonNode awaitHealth(Predicate<JsonNode> condition, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(HEALTH)).GET().build(), HttpResponse.BodyHandlers.ofString());
            last = Json.MAPPER.readTree(response.body());
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("health never reached the expected state; last: " + last);
    }

    private static String api(String realm, String path) {
        return authio(realm, "/keys" + path);
    }

    private static String authio(String realm, String path) {
        return StandaloneKeycloak.baseUrl() + "/admin/realms/" + realm + "/authio" + path;
    }

    private static String activeKid(JsonNode keys, String algorithm) {
        for (JsonNode key : keys.get("signing_keys")) {
            if (algorithm.equals(key.get("algorithm").asText()) && "active".equals(key.get("status").asText())) {
                return key.get("kid").asText();
            }
        }
        return null;
    }

    private static String adminToken() {
        Json.Reply r = Json.post(StandaloneKeycloak.baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", StandaloneKeycloak.ADMIN, "password", StandaloneKeycloak.ADMIN_PASSWORD), null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }

    private static void createRealm(String token, String name) {
        String realm = """
                {"realm": "%s", "enabled": true,
                 "clients": [{"clientId": "%s", "publicClient": true, "standardFlowEnabled": true,
                              "redirectUris": ["http://localhost:3000/*"], "attributes": {"pkce.code.challenge.method": "S256"}}],
                 "users": [{"username": "kira", "enabled": true, "email": "kira@example.test", "emailVerified": true,
                            "firstName": "Kira", "lastName": "Kms",
                            "credentials": [{"type": "password", "value": "kms-user-password-1", "temporary": false}]}]}
                """.formatted(name, PublicClient.CLIENT_ID);
        Json.Reply created = Json.send("POST", StandaloneKeycloak.baseUrl() + "/admin/realms", token, realm);
        assertEquals(201, created.status(), created.body());
    }

    private static String login(String realmUrl, String tokenName) {
        Oidc.LoginResult result = new Oidc(realmUrl, PublicClient.CLIENT_ID, PublicClient.REDIRECT).login("kira", "kms-user-password-1");
        assertTrue(result.succeeded(), "login failed: " + result.response().statusCode());
        return result.tokens().get(tokenName).asText();
    }
}
