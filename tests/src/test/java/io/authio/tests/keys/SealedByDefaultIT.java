package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Signing keys sealed by default: an imported realm (the shipped demo realm) signs with a sealed RS256 key from its
 * first sign-in and holds no plaintext private key in COMPONENT_CONFIG; a realm that has Keycloak's plaintext keys
 * adopts them with one call, keeping their kid.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class SealedByDefaultIT {

    private static final String PRIVATE_KEY_SCAN = "select k.NAME, k.PROVIDER_ID, c.NAME as CONFIG from COMPONENT k join COMPONENT_CONFIG c "
            + "on c.COMPONENT_ID = k.ID where k.REALM_ID = ? and (c.NAME in ('privateKey', 'ecPrivateKey', 'eddsaPrivateKey', 'ecdhPrivateKey') "
            + "or c.VALUE like '%PRIVATE KEY%')";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void anImportedRealmSignsWithASealedKeyAndStoresNoPlaintextPrivateKey() {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "authio-sealed-default-it");
        try {
            PublicClient.addTo(realm.admin());
            Users.Created user = Users.create(realm.admin(), "sealed");
            String idToken = PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD).tokens().get("id_token").asText();

            JsonNode keys = KeysApi.of(realm.getBaseUrl(), admin.tokenManager().getAccessTokenString()).overview();
            String sealedKid = activeKid(keys, "RS256");
            assertNotNull(sealedKid, keys.toString());
            assertNotNull(activeKid(keys, "RSA-OAEP"), "an encryption key too, so Keycloak never generates a plaintext one");
            Jwt jwt = Jwt.parse(idToken);
            assertEquals(sealedKid, jwt.kid(), "the ID token is signed by the sealed key");
            assertTrue(jwt.verifiesWith(Jwt.jwks(realm.getBaseUrl())), "and verifies against its published JWK");
            assertNotNull(Jwt.jwk(Jwt.jwks(realm.getBaseUrl()), sealedKid));
            assertEquals(List.of(), TestDb.query(PRIVATE_KEY_SCAN, realm.getId()), "plaintext private keys in COMPONENT_CONFIG");
            assertEquals(2L, TestDb.count("select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ? and KIND = 'signing_key' and ACTOR_TYPE = 'system'",
                    realm.getId()), "both keys recorded");
        } finally {
            realm.admin().remove();
        }
    }

    @Test
    void aRealmWithKeycloaksPlaintextKeyAdoptsItWithOneCallKeepingItsKid() {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "authio-adopt-it");
        try {
            PublicClient.addTo(realm.admin());
            Users.Created user = Users.create(realm.admin(), "adopt");
            ComponentRepresentation plaintext = new ComponentRepresentation();
            plaintext.setName("rsa-legacy");
            plaintext.setProviderId("rsa-generated");
            plaintext.setProviderType("org.keycloak.keys.KeyProvider");
            plaintext.setParentId(realm.getId());
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
            config.putSingle("priority", "500");
            plaintext.setConfig(config);
            realm.admin().components().add(plaintext).close();
            String legacyKid = Jwt.parse(PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD).tokens().get("id_token").asText()).kid();
            assertEquals(1, TestDb.query(PRIVATE_KEY_SCAN, realm.getId()).size(), "Keycloak stores this one in plaintext");

            KeysApi api = KeysApi.of(realm.getBaseUrl(), admin.tokenManager().getAccessTokenString());
            var adopted = api.post("/signing-key/adopt", null);
            assertEquals(200, adopted.status(), adopted.body());
            assertEquals(legacyKid, adopted.json().get("adopted").get(0).get("kid").asText(), adopted.body());
            assertEquals(List.of(), TestDb.query(PRIVATE_KEY_SCAN, realm.getId()));

            Jwt jwt = Jwt.parse(PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD).tokens().get("id_token").asText());
            assertEquals(legacyKid, jwt.kid(), "same key pair, now sealed: tokens signed before keep verifying");
            assertTrue(jwt.verifiesWith(Jwt.jwks(realm.getBaseUrl())));
            var again = api.post("/signing-key/adopt", "{}");
            assertEquals(0, again.json().get("adopted").size(), "idempotent: " + again.body());
        } finally {
            realm.admin().remove();
        }
    }

    static String activeKid(JsonNode keys, String algorithm) {
        for (JsonNode key : keys.get("signing_keys")) {
            if (algorithm.equals(key.get("algorithm").asText()) && "active".equals(key.get("status").asText())) {
                return key.get("kid").asText();
            }
        }
        return null;
    }
}
