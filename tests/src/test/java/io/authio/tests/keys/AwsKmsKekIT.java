package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * see docs/key-management.md). The tests run in order on three servers over one database, so each start is paid
 * once: key A by its alias (tests 1-3), a restart on key A (4-6), key B current with key A previous and
 * sealed-by-default turned off (7-12); then three refused starts (13-15). A later test relies on what the earlier
 * ones built.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsKmsKekIT {

    private static final String DATABASE = "authio_kms";
    private static final Duration START = Duration.ofMinutes(8);
    private static final int CACHE_SECONDS = 40;
    private static final String HEALTH = "http://localhost:" + StandaloneKeycloak.MANAGEMENT_PORT + "/health/ready";
    private static final String REALM_URL = StandaloneKeycloak.baseUrl() + "/realms/kms";
    private static final String PLAIN_URL = StandaloneKeycloak.baseUrl() + "/realms/kms-plain";
    private static final String PRIVATE_KEYS = "select count(*) from COMPONENT_CONFIG c join COMPONENT k on k.ID = c.COMPONENT_ID "
            + "where k.REALM_ID = ? and c.NAME in ('privateKey', 'ecPrivateKey', 'eddsaPrivateKey')";

    private static KmsEmulator kms;
    private static HttpReceiver receiver;
    private static String keyA;
    private static String keyB;

    private static StandaloneKeycloak server;
    private static String serverName;
    private static final StringBuilder LOGS = new StringBuilder();
    private static boolean databaseCreated;

    // what the earlier tests built, for the later ones
    private static String realmId;
    private static String kid;
    private static String webhookId;
    private static String webhookSecret;
    private static String plainRealmId;
    private static String plainKid;

    /** The tests' embedded PostgreSQL, which holds this server's own database too. */
    @InjectTestDatabase
    TestDatabase database;

    @BeforeAll
    static void emulator() throws Exception {
        kms = KmsEmulator.start();
        keyA = kms.createKey("authio-kek");
        keyB = kms.createKey("authio-kek-next");
        receiver = new HttpReceiver();
        receiver.respond(r -> HttpReceiver.Reply.of(200));
    }

    @AfterAll
    static void stop() {
        stopServer();
        if (kms != null) {
            kms.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void keycloakStartsOnAKmsKeyNamedByItsAliasAndTheReadinessCheckReportsIt() throws Exception {
        StandaloneKeycloak s = server("kms-1");
        assertTrue(s.running(), s.tail());
        assertTrue(s.output().contains("Authio: KEK aws-kms:" + keyA + " loaded; no data keys yet"), "the alias resolved to the key ARN\n" + s.tail());
        JsonNode health = health();
        assertEquals("UP", health.get("status").asText(), health.toString());
        JsonNode check = kekCheck(health);
        assertEquals("UP", check.path("status").asText(), "the 'Authio KEK' check is on /health/ready: " + health);
        assertEquals("aws-kms:" + keyA, check.path("data").path("kek_id").asText(), check.toString());
        assertEquals("up", check.path("data").path("state").asText(), check.toString());
        assertEquals(CACHE_SECONDS, check.path("data").path("cache_seconds").asInt(), check.toString());
    }

    @Test
    @Order(2)
    void aNewRealmGetsADataKeyWrappedByKmsUnderItsRealmAndVersionAndSignsWithASealedKey() {
        server("kms-1");
        String token = adminToken();
        createRealm(token, "kms");
        realmId = realmId(token, "kms");

        List<Map<String, Object>> dataKeys = TestDb.queryIn(DATABASE, "select KEK_ID, WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ?", realmId);
        assertEquals(1, dataKeys.size(), dataKeys.toString());
        assertEquals("aws-kms:" + keyA, dataKeys.get(0).get("kek_id"));
        assertTrue(((String) dataKeys.get(0).get("wrapped_key")).startsWith("k1."), dataKeys.toString());
        assertTrue(kms.decryptContexts().contains(Map.of("authio:purpose", "data-key", "authio:realm", realmId, "authio:data-key-version", "1")),
                "realm and version are the encryption context: " + kms.decryptContexts());

        JsonNode keys = Json.get(api("kms", ""), token).json();
        kid = activeKid(keys, "RS256");
        assertNotNull(kid, keys.toString());
        assertNotNull(activeKid(keys, "RSA-OAEP"), keys.toString());
        assertEquals(0L, TestDb.countIn(DATABASE, PRIVATE_KEYS, realmId), "no plaintext private key in COMPONENT_CONFIG");
        Jwt jwt = Jwt.parse(login(REALM_URL));
        assertEquals(kid, jwt.kid(), "signed by the sealed key");
        assertTrue(jwt.verifiesWith(Jwt.jwks(REALM_URL)));
        assertEquals(0, kms.badSignatures(), "every KMS request carried a valid SigV4 signature");
    }

    @Test
    @Order(3)
    void aWebhookSecretSealedUnderTheKmsWrappedDataKeySignsDeliveries() throws Exception {
        server("kms-1");
        String token = adminToken();
        assertEquals(200, Json.send("PUT", authio("kms", "/delivery-settings"), token, "{\"allowed_networks\":[\"127.0.0.1/32\"]}").status());
        Json.Reply hook = Json.send("POST", authio("kms", "/webhooks"), token,
                "{\"url\":\"" + receiver.url("/kms") + "\",\"event_types\":[\"*\"],\"description\":\"kms\"}");
        assertEquals(201, hook.status(), hook.body());
        webhookId = hook.json().get("id").asText();
        webhookSecret = hook.json().get("secret").asText();
        String stored = (String) TestDb.queryIn(DATABASE, "select SECRET from AUTHIO_DESTINATION where ID = ?", webhookId).get(0).get("secret");
        assertFalse(stored.contains(webhookSecret.substring("whsec_".length())), "stored sealed");
        assertWebhookSignsWith(token);
    }

    @Test
    @Order(4)
    void afterARestartTheSameSealedKeySignsAndTheWebhookSecretOpens() throws Exception {
        StandaloneKeycloak s = server("kms-2");
        assertTrue(s.output().contains("Authio: KEK verified; 1 data keys across KEKs [aws-kms:" + keyA + "]"), s.tail());
        assertEquals(kid, Jwt.parse(login(REALM_URL)).kid(), "the same sealed key opens after a restart");
        assertWebhookSignsWith(adminToken());
    }

    @Test
    @Order(5)
    void aWrappedDataKeyCopiedToAnotherRealmIsRefusedByKmsAsUnsealable() {
        server("kms-2");
        String token = adminToken();
        createRealm(token, "kms-other");
        String otherId = realmId(token, "kms-other");
        String own = (String) TestDb.queryIn(DATABASE, "select WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ?", otherId).get(0).get("wrapped_key");
        String copied = (String) TestDb.queryIn(DATABASE, "select WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ?", realmId).get(0).get("wrapped_key");
        TestDb.updateIn(DATABASE, "update AUTHIO_DATA_KEY set WRAPPED_KEY = ? where REALM_ID = ?", copied, otherId);
        try {
            Json.Reply refused = Json.send("POST", api("kms-other", "/data-key/reseal"), token, null);
            assertEquals(409, refused.status(), refused.body());
            assertEquals("unsealable", refused.json().get("error").asText());
            assertTrue(refused.json().get("error_description").asText().contains("cannot unwrap this data key"), refused.body());
            assertTrue(kms.decryptContexts().contains(Map.of("authio:purpose", "data-key", "authio:realm", otherId, "authio:data-key-version", "1")),
                    "KMS was asked with the other realm's context, and refused");
        } finally {
            TestDb.updateIn(DATABASE, "update AUTHIO_DATA_KEY set WRAPPED_KEY = ? where REALM_ID = ?", own, otherId);
        }
        assertEquals(200, Json.send("POST", api("kms-other", "/data-key/reseal"), token, null).status(), "its own row opens again");
    }

    @Test
    @Order(6)
    void withTheKmsKeyDisabledNoDataKeyIsWrappedAndTheAnswerIsKekUnavailable() {
        server("kms-2");
        String token = adminToken();
        kms.setState(keyA, "Disabled");
        try {
            Json.Reply disabled = Json.send("POST", api("kms", "/data-key/rotate"), token, "{}");
            assertEquals(503, disabled.status(), disabled.body());
            assertEquals("kek_unavailable", disabled.json().get("error").asText());
            assertTrue(disabled.json().get("error_description").asText().contains("key disabled"), disabled.body());
            assertEquals(1L, TestDb.countIn(DATABASE, "select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", realmId), "nothing written");
        } finally {
            kms.setState(keyA, "Enabled");
        }
    }

    @Test
    @Order(7)
    void rewrapMovesEveryDataKeyToTheSecondKmsKeyAndRecordsIt() throws Exception {
        StandaloneKeycloak s = server("kms-3");
        assertTrue(s.output().contains("new data keys are wrapped by aws-kms:" + keyB), s.tail());
        String token = adminToken();
        Json.Reply rewrap = Json.send("POST", StandaloneKeycloak.baseUrl() + "/admin/realms/master/authio/keys/kek/rewrap", token, "{}");
        assertEquals(200, rewrap.status(), rewrap.body());
        assertEquals(0, rewrap.json().get("remaining").asInt(), rewrap.body());
        assertEquals(List.of("aws-kms:" + keyB), TestDb.queryIn(DATABASE, "select distinct KEK_ID from AUTHIO_DATA_KEY").stream()
                .map(r -> (String) r.get("kek_id")).toList());
        assertEquals(1L, TestDb.countIn(DATABASE, "select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ? and KIND = 'kek' "
                + "and OLD_KEY_ID = ? and NEW_KEY_ID = ?", realmId, "aws-kms:" + keyA, "aws-kms:" + keyB));
        assertEquals(kid, Jwt.parse(login(REALM_URL)).kid());
        assertWebhookSignsWith(token);
    }

    /** The third server runs with {@code --spi-keys--authio-sealed-rsa--sealed-by-default=false}. */
    @Test
    @Order(8)
    void withSealedByDefaultOffANewRealmKeepsKeycloaksPlaintextKeys() {
        server("kms-3");
        String token = adminToken();
        createRealm(token, "kms-plain");
        plainRealmId = realmId(token, "kms-plain");
        assertTrue(TestDb.countIn(DATABASE, PRIVATE_KEYS, plainRealmId) >= 2, "Keycloak's rsa-generated and rsa-enc-generated keys, in plaintext");
        assertEquals(0L, TestDb.countIn(DATABASE, "select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", plainRealmId), "nothing was sealed");
        assertEquals(0L, TestDb.countIn(DATABASE, "select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ?", plainRealmId));
        assertNull(activeKid(Json.get(api("kms-plain", ""), token).json(), "RS256"), "no sealed key");
        plainKid = Jwt.parse(login(PLAIN_URL)).kid();
        assertTrue(Jwt.parse(login(PLAIN_URL)).verifiesWith(Jwt.jwks(PLAIN_URL)));
    }

    @Test
    @Order(9)
    void concurrentFirstSealsOfARealmWithoutADataKeyCreateExactlyOne() throws Exception {
        server("kms-3");
        String token = adminToken();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> Json.send("POST", api("kms-plain", "/signing-key/rotate"), token, "{\"algorithm\":\"ES256\"}").status());
            }
            for (java.util.concurrent.Future<Integer> status : pool.invokeAll(calls)) {
                assertEquals(201, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("aws-kms:" + keyB), TestDb.queryIn(DATABASE, "select KEK_ID from AUTHIO_DATA_KEY where REALM_ID = ?", plainRealmId)
                .stream().map(r -> (String) r.get("kek_id")).toList(), "one data key, wrapped by the current KMS key");
    }

    @Test
    @Order(10)
    void theAdoptionCallSealsKeycloaksPlaintextKeysKeepingTheirKid() {
        server("kms-3");
        Json.Reply adopted = Json.send("POST", api("kms-plain", "/signing-key/adopt"), adminToken(), null);
        assertEquals(200, adopted.status(), adopted.body());
        assertEquals(0L, TestDb.countIn(DATABASE, PRIVATE_KEYS, plainRealmId), adopted.body());
        assertTrue(adopted.body().contains(plainKid), adopted.body());
        Jwt jwt = Jwt.parse(login(PLAIN_URL));
        assertEquals(plainKid, jwt.kid(), "the same key pair, now sealed under a KMS-wrapped data key");
        assertTrue(jwt.verifiesWith(Jwt.jwks(PLAIN_URL)));
    }

    @Test
    @Order(11)
    void aKmsOutageWithinTheCacheLifetimeKeepsSignInsWorkingAndReadinessSaysDegraded() throws Exception {
        StandaloneKeycloak s = server("kms-3");
        String token = adminToken();
        // a fresh data key with the signing keys re-sealed under it: what signs next was opened just now
        assertEquals(200, Json.send("POST", api("kms", "/data-key/rotate"), token, "{\"reseal\":true}").status());
        assertEquals(kid, Jwt.parse(login(REALM_URL)).kid());
        long opened = System.currentTimeMillis();
        kms.stop();
        JsonNode degraded = awaitHealth(h -> "degraded".equals(kekCheck(h).path("data").path("state").asText()), Duration.ofSeconds(20));
        assertEquals("UP", degraded.get("status").asText(), "still ready within the cache lifetime: " + degraded);
        assertTrue(kekCheck(degraded).path("data").path("last_error").asText().contains("unreachable"), degraded.toString());
        assertNotNull(kekCheck(degraded).path("data").get("failing_since"), degraded.toString());
        assertEquals(kid, Jwt.parse(login(REALM_URL)).kid(), "sign-in works on the data key opened before the outage");
        assertTrue(System.currentTimeMillis() - opened < CACHE_SECONDS * 1000L, "the sign-in above happened within the cache lifetime");
        assertTrue(s.output().contains("Authio: the aws-kms KEK is failing: AWS KMS "), s.tail());
    }

    @Test
    @Order(12)
    void pastTheCacheLifetimeReadinessIsDownSignInsFailClosedAndBothRecoverWhenKmsAnswers() throws Exception {
        StandaloneKeycloak s = server("kms-3");
        try {
            JsonNode down = awaitHealth(h -> "DOWN".equals(h.get("status").asText()), Duration.ofSeconds(CACHE_SECONDS + 40));
            assertEquals("down", kekCheck(down).path("data").path("state").asText(), down.toString());
            Oidc.LoginResult failed = new Oidc(REALM_URL, PublicClient.CLIENT_ID, PublicClient.REDIRECT).login("kira", "kms-user-password-1");
            assertFalse(failed.succeeded(), "past the cache lifetime the key cannot sign; nothing else signs instead");
            assertEquals(0L, TestDb.countIn(DATABASE, PRIVATE_KEYS, realmId), "no plaintext fallback key was created");
        } finally {
            kms.resume();
        }
        awaitHealth(h -> "UP".equals(h.get("status").asText()) && "up".equals(kekCheck(h).path("data").path("state").asText()),
                Duration.ofSeconds(40));
        assertEquals(kid, Jwt.parse(login(REALM_URL)).kid(), "back once KMS answers");
        assertTrue(s.output().contains("Authio: the aws-kms KEK answers again"), s.tail());
    }

    @Test
    @Order(13)
    void keycloakRefusesToStartWhenTheKmsKeyIsDisabled() throws Exception {
        kms.setState(keyB, "Disabled");
        try {
            assertRefused("kms-disabled", "aws-kms KEK cannot be used: AWS KMS key alias/authio-kek-next (" + keyB + "): key disabled");
        } finally {
            kms.setState(keyB, "Enabled");
        }
    }

    @Test
    @Order(14)
    void keycloakRefusesToStartWhenItsRoleIsDeniedTheKey() throws Exception {
        kms.deny("Encrypt");
        try {
            assertRefused("kms-denied", "aws-kms KEK cannot be used: AWS KMS Encrypt with key " + keyB + ": access denied");
        } finally {
            kms.allowAll();
        }
    }

    @Test
    @Order(15)
    void keycloakRefusesToStartWhenKmsIsUnreachable() throws Exception {
        kms.stop();
        try {
            assertRefused("kms-unreachable", "aws-kms KEK cannot be used: AWS KMS DescribeKey with key alias/authio-kek-next: unreachable");
        } finally {
            kms.resume();
        }
    }

    @Test
    @Order(16)
    void noCredentialKeyOrSecretReachesTheServerLog() {
        stopServer();
        String log = LOGS.toString();
        assertTrue(log.contains("Authio: KEK verified"), "the logs of every server above are here");
        assertFalse(log.contains(KmsEmulator.SECRET_ACCESS_KEY), "AWS secret key in the log");
        assertFalse(log.contains(webhookSecret.substring("whsec_".length())), "webhook secret in the log");
        assertFalse(log.contains("PRIVATE KEY"), "private key in the log");
        assertEquals(0, kms.badSignatures(), "every KMS request carried a valid SigV4 signature");
    }

    /** The server of a phase: started (after stopping the previous one) the first time a test asks for it. */
    private static StandaloneKeycloak server(String name) {
        if (name.equals(serverName)) {
            return server;
        }
        stopServer();
        createDatabaseOnce();
        List<String> extra = new ArrayList<>();
        String keyId = "alias/authio-kek";
        String previous = null;
        if (name.equals("kms-3")) {
            keyId = "alias/authio-kek-next";
            previous = "alias/authio-kek";
            extra.add("--spi-keys--authio-sealed-rsa--sealed-by-default=false");
        }
        server = start(name, keyId, previous, extra);
        serverName = name;
        assertTrue(server.running(), server.tail());
        return server;
    }

    private static void stopServer() {
        if (server != null) {
            server.close();
            LOGS.append(server.output());
            server = null;
            serverName = null;
        }
    }

    private static void createDatabaseOnce() {
        if (databaseCreated) {
            return;
        }
        TestDb.createDatabase(DATABASE);
        databaseCreated = true;
    }

    private static void assertRefused(String name, String cause) throws Exception {
        stopServer();
        try (StandaloneKeycloak refused = start(name, "alias/authio-kek-next", "alias/authio-kek", List.of())) {
            assertNotEquals(0, refused.awaitExit(Duration.ofMinutes(3)), refused.tail());
            String line = refused.output().lines().filter(l -> l.contains("Authio refuses to start")).findFirst().orElse("");
            assertTrue(line.contains(cause), "expected '" + cause + "' in: " + line + "\n" + refused.tail());
            assertFalse(line.contains("damaged row"), "the cause is the KEK, not the stored data keys: " + line);
            assertFalse(refused.output().contains("started in"), "never served requests");
            LOGS.append(refused.output());
        }
    }

    private static StandaloneKeycloak start(String name, String keyId, String previous, List<String> extra) {
        List<String> options = new ArrayList<>(Stream.concat(TestDb.serverArguments(DATABASE).stream(), Stream.of("--health-enabled=true",
                "--spi-authio-kek--aws-kms--key-id=" + keyId,
                "--spi-authio-kek--aws-kms--region=" + KmsEmulator.REGION,
                "--spi-authio-kek--aws-kms--endpoint=" + kms.endpoint(),
                "--spi-authio-kek--aws-kms--cache-seconds=" + CACHE_SECONDS,
                "--spi-authio-kek--aws-kms--call-timeout-ms=2000",
                "--spi-authio-kek--aws-kms--health-probe-seconds=5",
                // the operator's ceiling lets realms allowlist the loopback receiver the webhook test delivers to
                "--spi-authio-delivery--authio-delivery--allowed-networks=" + io.authio.tests.support.AuthioServerConfig.LOOPBACK)).toList());
        if (previous != null) {
            options.add("--spi-authio-kek--aws-kms--previous-key-ids=" + previous);
        }
        options.addAll(extra);
        // credentials reach the SDK's default chain through the environment, never through Keycloak's options
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KmsEmulator.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", KmsEmulator.SECRET_ACCESS_KEY,
                "AWS_EC2_METADATA_DISABLED", "true");
        return StandaloneKeycloak.start(name, options, env, START);
    }

    private static void assertWebhookSignsWith(String token) throws Exception {
        int before = receiver.requests().size();
        Json.Reply sent = Json.send("POST", authio("kms", "/webhooks/" + webhookId + "/test"), token, null);
        assertTrue(sent.status() / 100 == 2, sent.body());
        HttpReceiver.Request request = receiver.awaitCount(r -> r.path().equals("/kms"), before + 1, 60_000).get(before);
        assertDoesNotThrow(() -> new WebhookVerifier(webhookSecret).verify(request.headers(), request.body()), "signed with the sealed secret");
    }

    private static JsonNode kekCheck(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if ("Authio KEK".equals(check.path("name").asText())) {
                return check;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    private static JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(HEALTH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode awaitHealth(Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = health();
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

    private static String realmId(String token, String realm) {
        return Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/" + realm, token).json().get("id").asText();
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

    private static String login(String realmUrl) {
        Oidc.LoginResult result = new Oidc(realmUrl, PublicClient.CLIENT_ID, PublicClient.REDIRECT).login("kira", "kms-user-password-1");
        assertTrue(result.succeeded(), "login failed: " + result.response().statusCode());
        return result.tokens().get("id_token").asText();
    }
}
