package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/** Realm signing keys held sealed: real logins, tokens verified through the JWKS, rotation with a grace period. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class SealedSigningKeyIT {

    @InjectRealm(ref = "sealedkeys", lifecycle = LifeCycle.METHOD)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private KeysApi api;

    @BeforeEach
    void aRealmWithAnAppAndAnAdministrator() {
        PublicClient.addTo(realm.admin());
        api = KeysApi.of(realm.getBaseUrl(), admin.tokenManager().getAccessTokenString());
    }

    @Test
    void tokensSignedByTheSealedKeyVerifyThroughTheJwksAndOldOnesKeepVerifyingForTheGracePeriod() throws Exception {
        Users.Created kim = Users.create(realm.admin(), "kim");
        String kid0 = SealedByDefaultIT.activeKid(api.overview(), "RS256");
        assertNotNull(kid0, "the realm was created with a sealed RS256 key");
        JsonNode first = api.rotateSigningKey("{\"grace_period_seconds\": 15}");
        String kid1 = first.get("kid").asText();
        assertEquals("RS256", first.get("algorithm").asText());
        assertEquals(List.of(kid0), texts(first.get("previous_kids")));

        String token1 = login(kim);
        Jwt jwt1 = Jwt.parse(token1);
        assertEquals(kid1, jwt1.kid(), "the sealed key outranks the realm's stock key");
        assertEquals("RS256", jwt1.alg());
        assertTrue(jwt1.verifiesWith(Jwt.jwks(realm.getBaseUrl())));

        long rotatedAt = System.currentTimeMillis();
        JsonNode second = api.rotateSigningKey("{\"grace_period_seconds\": 15}");
        String kid2 = second.get("kid").asText();
        assertNotEquals(kid1, kid2);
        assertEquals(List.of(kid1), texts(second.get("previous_kids")));
        assertNotNull(second.get("previous_passive_until").asText());

        JsonNode jwks = Jwt.jwks(realm.getBaseUrl());
        assertNotNull(Jwt.jwk(jwks, kid1), "the previous key stays published during the grace period");
        assertNotNull(Jwt.jwk(jwks, kid2));
        assertTrue(jwt1.verifiesWith(jwks), "a token issued before the rotation still verifies");
        assertEquals(200, userinfo(token1).status(), "and Keycloak itself still accepts it");
        String token2 = login(kim);
        assertEquals(kid2, Jwt.parse(token2).kid(), "new tokens are signed by the new key");
        assertTrue(Jwt.parse(token2).verifiesWith(jwks));
        Map<String, String> statuses = statuses(api.overview());
        assertEquals("passive", statuses.get(kid1));
        assertEquals("active", statuses.get(kid2));

        // after the grace period the previous key is disabled: gone from the JWKS, refused by Keycloak
        long waitUntil = rotatedAt + 15_000 + 30_000;
        while (Jwt.jwk(Jwt.jwks(realm.getBaseUrl()), kid1) != null && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(500);
        }
        assertTrue(System.currentTimeMillis() >= rotatedAt + 15_000, "not disabled before the grace period ended");
        JsonNode after = Jwt.jwks(realm.getBaseUrl());
        assertNull(Jwt.jwk(after, kid1), "disabled after the grace period");
        assertFalse(jwt1.verifiesWith(after));
        assertEquals(401, userinfo(token1).status());
        assertTrue(Jwt.parse(token2).verifiesWith(after));
        assertEquals("disabled", statuses(api.overview()).get(kid1));

        // every rotation is recorded: rows and audit events
        JsonNode rotations = api.get("/rotations").json().get("data");
        assertEquals(4, rotations.size(), "two at the realm's creation (RS256, RSA-OAEP), two by the administrator's client: " + rotations);
        assertEquals("signing_key", rotations.get(0).get("kind").asText());
        assertEquals(kid2, rotations.get(0).get("new_key_id").asText());
        assertEquals(kid1, rotations.get(0).get("old_key_id").asText());
        assertEquals(15, rotations.get(0).get("details").get("grace_period_seconds").asInt());
        // the test framework's admin client is a service account: recorded as the client (docs/key-management.md, "Audit")
        assertEquals("client", rotations.get(0).get("actor_type").asText());
        assertEquals(kid1, rotations.get(1).get("new_key_id").asText());
        assertEquals(kid0, rotations.get(1).get("old_key_id").asText());
        List<JsonNode> atCreation = List.of(rotations.get(2), rotations.get(3)); // Keycloak's generated keys, sealed in place
        assertTrue(atCreation.stream().allMatch(r -> "system".equals(r.get("actor_type").asText())), rotations.toString());
        assertTrue(atCreation.stream().anyMatch(r -> kid0.equals(r.get("new_key_id").asText())), rotations.toString());
        assertEquals(4, TestDb.count("select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ? and KIND = 'signing_key'", realm.getId()));
        var events = TestDb.query("select METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'key.rotated' order by OCCURRED_AT",
                realm.getId());
        assertEquals(4, events.size());
        assertTrue(events.get(3).get("metadata").toString().contains(kid2));
    }

    @Test
    void es256SealedKeysSignWhenTheRealmPrefersEs256() {
        Users.Created lee = Users.create(realm.admin(), "lee");
        JsonNode rotated = api.rotateSigningKey("{\"algorithm\": \"ES256\"}");
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setDefaultSignatureAlgorithm("ES256");
        realm.admin().update(rep);

        Jwt jwt = Jwt.parse(login(lee));

        assertEquals("ES256", jwt.alg());
        assertEquals(rotated.get("kid").asText(), jwt.kid());
        JsonNode jwks = Jwt.jwks(realm.getBaseUrl());
        assertEquals("EC", Jwt.jwk(jwks, jwt.kid()).get("kty").asText());
        assertEquals("P-256", Jwt.jwk(jwks, jwt.kid()).get("crv").asText());
        assertTrue(jwt.verifiesWith(jwks));
    }

    @Test
    void thePrivateKeyIsStoredSealedAndPlaintextOrCopiedKeysAreRefused() throws Exception {
        String componentId = api.rotateSigningKey("{}").get("component_id").asText();
        Map<String, String> config = new HashMap<>();
        for (var row : TestDb.query("select NAME, VALUE from COMPONENT_CONFIG where COMPONENT_ID = ?", componentId)) {
            config.put((String) row.get("name"), (String) row.get("value"));
        }
        assertFalse(config.containsKey("privateKey"));
        String sealed = config.get("sealedPrivateKey");
        assertTrue(sealed.matches("v1\\.1\\.[A-Za-z0-9_-]+"), sealed);

        // with the KEK, the documented hierarchy opens it: data key v1 (wrapped), then the sealed value
        byte[] pkcs8 = SealedValues.open(realm.getId(), "signing-key", componentId, sealed);
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(config.get("publicKey"))));
        assertEquals(publicKey.getModulus(), privateKey.getModulus());
        assertEquals(2048, publicKey.getModulus().bitLength());

        // a plaintext private key is refused outright
        ComponentRepresentation plaintext = component("imported", Map.of("privateKey", List.of(
                Base64.getEncoder().encodeToString(pkcs8))));
        try (Response response = realm.admin().components().add(plaintext)) {
            assertEquals(400, response.getStatus());
        }
        // a sealed key copied onto another component does not open there (bound to the component id)
        ComponentRepresentation copy = component("copied", Map.of("sealedPrivateKey", List.of(sealed), "publicKey", List.of(config.get("publicKey"))));
        try (Response response = realm.admin().components().add(copy)) {
            assertEquals(400, response.getStatus());
        }
        // the admin API shows neither a plaintext key nor the sealed one, and cannot overwrite the sealed one
        ComponentRepresentation shown = realm.admin().components().component(componentId).toRepresentation();
        assertFalse(shown.getConfig().containsKey("privateKey"));
        assertFalse(shown.getConfig().containsKey("sealedPrivateKey"));
        shown.getConfig().putSingle("sealedPrivateKey", "v1.1.AAAA");
        shown.getConfig().putSingle("priority", "111");
        realm.admin().components().component(componentId).update(shown);
        assertEquals(sealed, TestDb.query("select VALUE from COMPONENT_CONFIG where COMPONENT_ID = ? and NAME = 'sealedPrivateKey'",
                componentId).get(0).get("value"));
        assertEquals("111", TestDb.query("select VALUE from COMPONENT_CONFIG where COMPONENT_ID = ? and NAME = 'priority'",
                componentId).get(0).get("value"));
    }

    @Test
    void rotationNeedsManageRealmAndWellFormedBodies() {
        long rotationsBefore = TestDb.count("select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ?", realm.getId());
        Users.Created viewer = Users.create(realm.admin(), "viewer");
        Users.grantRealmManagement(realm.admin(), viewer.id(), "view-realm");
        Users.Created nobody = Users.create(realm.admin(), "nobody");
        KeysApi asViewer = KeysApi.of(realm.getBaseUrl(), Users.adminCliToken(realm.getBaseUrl(), viewer.username()));
        KeysApi asNobody = KeysApi.of(realm.getBaseUrl(), Users.adminCliToken(realm.getBaseUrl(), nobody.username()));

        assertEquals(200, asViewer.get("").status());
        assertEquals(200, asViewer.get("/rotations").status());
        Json.Reply forbidden = asViewer.post("/signing-key/rotate", "{}");
        assertEquals(403, forbidden.status(), forbidden.body());
        assertEquals("forbidden", forbidden.json().get("error").asText());
        assertEquals(403, asViewer.post("/data-key/rotate", "{}").status());
        assertEquals(403, asViewer.delete("/data-keys/1").status());
        assertEquals(403, asNobody.get("").status());
        assertEquals(403, asNobody.get("/rotations").status());
        assertEquals(401, KeysApi.of(realm.getBaseUrl(), null).post("/signing-key/rotate", "{}").status());

        for (String body : List.of("{\"algorithm\":\"HS256\"}", "{\"grace_period_seconds\":-5}", "{\"unknown\":true}", "[1]", "{bad json",
                "{\"key_size\":512}")) {
            Json.Reply reply = api.post("/signing-key/rotate", body);
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            assertEquals("invalid_request", reply.json().get("error").asText());
        }
        assertEquals(400, api.get("/rotations?limit=0").status());
        assertEquals(400, api.get("/rotations?cursor=garbage").status());
        assertEquals(rotationsBefore, TestDb.count("select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ?", realm.getId()),
                "refused calls change nothing");
    }

    private ComponentRepresentation component(String name, Map<String, List<String>> extra) {
        ComponentRepresentation rep = new ComponentRepresentation();
        rep.setName(name);
        rep.setProviderId("authio-sealed-rsa");
        rep.setProviderType("org.keycloak.keys.KeyProvider");
        rep.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", "50");
        extra.forEach(config::put);
        rep.setConfig(config);
        return rep;
    }

    private String login(Users.Created user) {
        var result = PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD);
        assertTrue(result.succeeded(), "login of " + user.username() + " failed: " + result.response().body());
        return result.tokens().get("access_token").asText();
    }

    private Json.Reply userinfo(String token) {
        return Json.get(realm.getBaseUrl() + "/protocol/openid-connect/userinfo", token);
    }

    private static Map<String, String> statuses(JsonNode overview) {
        Map<String, String> out = new HashMap<>();
        overview.get("signing_keys").forEach(k -> out.put(k.get("kid").asText(), k.get("status").asText()));
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
