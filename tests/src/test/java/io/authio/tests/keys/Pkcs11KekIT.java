package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectTestDatabase;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.database.TestDatabase;

import io.authio.core.keys.Pkcs11Config;
import io.authio.core.keys.Pkcs11Keks;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.KeycloakProcess;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.Requirement;
import io.authio.tests.support.SoftHsm;
import io.authio.tests.support.StandaloneKeycloak;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.TestKeks;

/**
 * The {@code pkcs11} KEK on a real Keycloak (its own server on :8181, its own database) with SoftHSM2 as the
 * HSM: sealed signing key, login, JWKS verification, an HSM key rotation; and the startup check refusing to
 * start without a KEK or with a KEK that cannot unwrap the stored data keys.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class Pkcs11KekIT {

    private static final String DATABASE = "authio_hsm";
    private static final String PIN = "7391-hsm";
    private static final String KEY = "authio-hsm-kek";
    private static final String NEXT_KEY = "authio-hsm-kek-2";
    private static final Duration START = KeycloakProcess.START_TIMEOUT;

    private static long slot;
    private static String library;

    @InjectTestDatabase
    TestDatabase database;

    @BeforeAll
    static void anHsmWithTwoKeys() throws Exception {
        Requirement.require(Pkcs11KekIT.class, SoftHsm.missingReason());
        library = SoftHsm.library().orElseThrow();
        TestKeks.prepare();
        slot = SoftHsm.initToken("authio-it", PIN);
        Pkcs11Config hsm = Pkcs11Config.ofLibrary(library, slot, null);
        assertTrue(Pkcs11Keks.createKeyIfMissing(hsm, PIN.toCharArray(), KEY));
        assertTrue(Pkcs11Keks.createKeyIfMissing(hsm, PIN.toCharArray(), NEXT_KEY));
    }

    @Test
    void sealedKeysWorkWithAnHsmKekAndKeycloakRefusesToStartWithoutAUsableKek() throws Exception {
        TestDb.createDatabase(DATABASE);
        Map<String, String> env = Map.of("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));

        String kid;
        String realmUrl = StandaloneKeycloak.baseUrl() + "/realms/hsm";
        try (StandaloneKeycloak server = StandaloneKeycloak.start("hsm-1", options(pkcs11(KEY, null)), env, START)) {
            assertTrue(server.running(), server.tail());
            String token = adminToken();
            createRealm(token);
            Json.Reply rotated = Json.send("POST", StandaloneKeycloak.baseUrl() + "/admin/realms/hsm/authio/keys/signing-key/rotate", token, "{}");
            assertEquals(201, rotated.status(), rotated.body());
            kid = rotated.json().get("kid").asText();

            String accessToken = login(realmUrl);
            Jwt jwt = Jwt.parse(accessToken);
            assertEquals(kid, jwt.kid());
            assertTrue(jwt.verifiesWith(Jwt.jwks(realmUrl)));
            assertEquals(List.of("pkcs11:" + KEY), kekIds());
            JsonNode kek = Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/master/authio/keys/kek", token).json();
            assertEquals("pkcs11:" + KEY, kek.get("current_kek_id").asText());
            assertEquals(List.of("pkcs11"), SealedSigningKeyIT.texts(kek.get("configured_providers")));
            assertTrue(server.output().contains("Authio: KEK pkcs11:" + KEY + " loaded; no data keys yet"), server.tail());
        }

        // no KEK configured while data keys exist: Keycloak must not start
        try (StandaloneKeycloak refused = StandaloneKeycloak.start("hsm-no-kek", options(List.of()), env, START)) {
            int exit = refused.awaitExit(Duration.ofMinutes(2));
            assertNotEquals(0, exit, refused.tail());
            assertTrue(refused.output().contains("Authio refuses to start: 1 Authio data keys exist"), refused.tail());
            assertTrue(refused.output().contains("no key-encryption key (KEK) is configured"), refused.tail());
            assertFalse(refused.output().contains("started in"), "never served requests");
        }

        // a KEK that does not own the stored data keys: refused, naming the KEK it needs
        try (StandaloneKeycloak refused = StandaloneKeycloak.start("hsm-wrong-kek", options(pkcs11(NEXT_KEY, null)), env, START)) {
            assertNotEquals(0, refused.awaitExit(Duration.ofMinutes(2)), refused.tail());
            assertTrue(refused.output().contains("Authio refuses to start: 1 Authio data keys need KEK pkcs11:" + KEY), refused.tail());
            assertTrue(refused.output().contains("previous-key-aliases"), refused.tail());
        }

        // an HSM key rotation: new key current, old key previous, then re-wrap; tokens keep verifying. A keystore
        // is configured too (as while moving to an HSM): provider-default decides which one wraps.
        List<String> both = new ArrayList<>(pkcs11(NEXT_KEY, KEY));
        both.addAll(List.of("--spi-authio-kek--provider-default=pkcs11",
                "--spi-authio-kek--keystore--path=" + TestKeks.keystore(),
                "--spi-authio-kek--keystore--password=" + TestKeks.PASSWORD,
                "--spi-authio-kek--keystore--key-alias=" + TestKeks.CURRENT_ALIAS));
        try (StandaloneKeycloak server = StandaloneKeycloak.start("hsm-2", options(both), env, START)) {
            assertTrue(server.running(), server.tail());
            assertTrue(server.output().contains("Authio: KEK verified"), server.tail());
            String token = adminToken();
            JsonNode kek = Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/master/authio/keys/kek", token).json();
            assertEquals(List.of("keystore", "pkcs11"), SealedSigningKeyIT.texts(kek.get("configured_providers")));
            assertEquals("pkcs11:" + NEXT_KEY, kek.get("current_kek_id").asText());
            Json.Reply rewrap = Json.send("POST", StandaloneKeycloak.baseUrl() + "/admin/realms/master/authio/keys/kek/rewrap", token, null);
            assertEquals(200, rewrap.status(), rewrap.body());
            assertEquals(1, rewrap.json().get("rewrapped").asInt());
            assertEquals(List.of("pkcs11:" + NEXT_KEY), kekIds());
            Jwt jwt = Jwt.parse(login(realmUrl));
            assertEquals(kid, jwt.kid(), "the same sealed signing key, opened through the re-wrapped data key");
            assertTrue(jwt.verifiesWith(Jwt.jwks(realmUrl)));
        }
    }

    private static List<String> pkcs11(String alias, String previous) {
        List<String> options = new ArrayList<>(List.of(
                "--spi-authio-kek--pkcs11--library=" + library,
                "--spi-authio-kek--pkcs11--slot=" + slot,
                "--spi-authio-kek--pkcs11--pin=" + PIN,
                "--spi-authio-kek--pkcs11--key-alias=" + alias));
        if (previous != null) {
            options.add("--spi-authio-kek--pkcs11--previous-key-aliases=" + previous);
        }
        return options;
    }

    private static List<String> options(List<String> kek) {
        List<String> options = new ArrayList<>(TestDb.serverArguments(DATABASE));
        options.addAll(kek);
        return options;
    }

    private static List<String> kekIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = TestDb.connect(DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select distinct KEK_ID from AUTHIO_DATA_KEY order by KEK_ID")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String adminToken() {
        Json.Reply r = Json.post(StandaloneKeycloak.baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", StandaloneKeycloak.ADMIN, "password", StandaloneKeycloak.ADMIN_PASSWORD), null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }

    private static void createRealm(String token) {
        String realm = """
                {"realm": "hsm", "enabled": true,
                 "clients": [{"clientId": "%s", "publicClient": true, "standardFlowEnabled": true,
                              "redirectUris": ["http://localhost:3000/*"], "attributes": {"pkce.code.challenge.method": "S256"}}],
                 "users": [{"username": "hana", "enabled": true, "email": "hana@example.test", "emailVerified": true,
                            "firstName": "Hana", "lastName": "Hsm",
                            "credentials": [{"type": "password", "value": "hsm-user-password-1", "temporary": false}]}]}
                """.formatted(PublicClient.CLIENT_ID);
        Json.Reply created = Json.send("POST", StandaloneKeycloak.baseUrl() + "/admin/realms", token, realm);
        assertEquals(201, created.status(), created.body());
    }

    private static String login(String realmUrl) {
        Oidc.LoginResult result = new Oidc(realmUrl, PublicClient.CLIENT_ID, PublicClient.REDIRECT).login("hana", "hsm-user-password-1");
        assertTrue(result.succeeded(), "login failed: " + result.response().statusCode());
        return result.tokens().get("access_token").asText();
    }
}
