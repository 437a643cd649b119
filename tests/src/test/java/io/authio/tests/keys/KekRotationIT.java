package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

import io.authio.core.keys.DataKey;
import io.authio.core.keys.DataKeyWrap;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.TestKeks;
import io.authio.tests.support.Users;

/**
 * KEK rotation as the runbook does it: the server runs with the new KEK current and the old one listed as
 * previous; the operator re-wraps every data key; nothing sealed changes.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class KekRotationIT {

    @InjectRealm(ref = "kekrotation", lifecycle = LifeCycle.METHOD)
    ManagedRealm realm;

    @InjectRealm(ref = "demo", fromJson = "/realm-config/authio-demo-realm.json", lifecycle = LifeCycle.GLOBAL)
    ManagedRealm demo;

    @InjectAdminClient
    Keycloak admin;

    private String masterKeys;

    @BeforeEach
    void urls() {
        PublicClient.addTo(realm.admin());
        masterKeys = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/")) + "/admin/realms/master/authio/keys";
    }

    @Test
    void rewrapMovesDataKeysFromThePreviousKekToTheCurrentOneWithoutChangingThem() {
        String token = admin.tokenManager().getAccessTokenString();
        KeysApi.of(realm.getBaseUrl(), token).rotateSigningKey("{}");
        // as if this data key had been created before the KEK rotation: wrapped by the previous KEK
        DataKey dek = SealedValues.dataKey(realm.getId(), 1);
        String wrappedByPrevious = DataKeyWrap.wrap(TestKeks.keks().find(TestKeks.PREVIOUS_ID).orElseThrow(), realm.getId(), dek);
        assertEquals(1, TestDb.update("update AUTHIO_DATA_KEY set KEK_ID = ?, WRAPPED_KEY = ? where REALM_ID = ? and VERSION = 1",
                TestKeks.PREVIOUS_ID, wrappedByPrevious, realm.getId()));

        JsonNode before = Json.get(masterKeys + "/kek", token).json();
        assertEquals(TestKeks.CURRENT_ID, before.get("current_kek_id").asText());
        assertEquals(List.of("keystore"), SealedSigningKeyIT.texts(before.get("configured_providers")));
        assertTrue(before.get("data_keys_by_kek").get(TestKeks.PREVIOUS_ID).asInt() >= 1);

        Json.Reply rewrap = Json.send("POST", masterKeys + "/kek/rewrap", token, "{\"limit\": 500}");

        assertEquals(200, rewrap.status(), rewrap.body());
        assertEquals(TestKeks.CURRENT_ID, rewrap.json().get("current_kek_id").asText());
        assertTrue(rewrap.json().get("rewrapped").asInt() >= 1);
        assertEquals(0, rewrap.json().get("remaining").asInt());
        assertEquals(1, rewrap.json().get("rewrapped_by_realm").get(realm.getId()).asInt());
        var row = TestDb.query("select KEK_ID, WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ? and VERSION = 1", realm.getId()).get(0);
        assertEquals(TestKeks.CURRENT_ID, row.get("kek_id"));
        assertNotEquals(wrappedByPrevious, row.get("wrapped_key"));
        assertArrayEquals(dek.material(), DataKeyWrap.unwrap(TestKeks.keks().current(), realm.getId(), 1, (String) row.get("wrapped_key")).material(),
                "the same data key, now wrapped by the current KEK");
        assertTrue(Json.get(masterKeys + "/kek", token).json().get("data_keys_by_kek").path(TestKeks.PREVIOUS_ID).isMissingNode());

        // the server opens values under the re-wrapped key (a re-seal reads v1 through the new wrapping)
        KeysApi api = KeysApi.of(realm.getBaseUrl(), token);
        Json.Reply rotated = api.post("/data-key/rotate", "{\"reseal\": true}");
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals(3, rotated.json().get("resealed").asInt(), "the realm's two sealed-by-default keys and the rotated one");
        Users.Created user = Users.create(realm.admin(), "after-kek");
        var login = PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD);
        assertTrue(Jwt.parse(login.tokens().get("access_token").asText()).verifiesWith(Jwt.jwks(realm.getBaseUrl())));

        JsonNode kekRotation = findKind(api.get("/rotations").json().get("data"), "kek");
        assertEquals(TestKeks.PREVIOUS_ID, kekRotation.get("old_key_id").asText());
        assertEquals(TestKeks.CURRENT_ID, kekRotation.get("new_key_id").asText());
        assertEquals(List.of("1"), SealedSigningKeyIT.texts(kekRotation.get("details").get("data_key_versions")));
        JsonNode masterRotations = Json.get(masterKeys + "/rotations", token).json().get("data");
        assertEquals(TestKeks.CURRENT_ID, findKind(masterRotations, "kek").get("new_key_id").asText(), "a summary in the master realm");
        assertTrue(TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'key.rotated' and METADATA like '%\"kek\"%'",
                realm.getId()) == 1);

        assertEquals(0, Json.send("POST", masterKeys + "/kek/rewrap", token, null).json().get("rewrapped").asInt(), "nothing left");
    }

    @Test
    void onlyAdministratorsOfTheMasterRealmReachTheKekOperations() {
        Users.Created realmAdmin = Users.create(demo.admin(), "demo-admin");
        Users.grantRealmManagement(demo.admin(), realmAdmin.id(), "realm-admin");
        String demoToken = Users.adminCliToken(demo.getBaseUrl(), realmAdmin.username());
        String demoKeys = demo.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio/keys";

        Json.Reply viaOwnRealm = Json.send("POST", demoKeys + "/kek/rewrap", demoToken, null);
        assertEquals(403, viaOwnRealm.status(), viaOwnRealm.body());
        assertEquals("forbidden", viaOwnRealm.json().get("error").asText());
        assertEquals(403, Json.get(demoKeys + "/kek", demoToken).status());
        int viaMaster = Json.send("POST", masterKeys + "/kek/rewrap", demoToken, null).status();
        assertTrue(viaMaster == 401 || viaMaster == 403, "a demo-realm token is no good for the master realm: " + viaMaster);
        String masterToken = admin.tokenManager().getAccessTokenString();
        assertEquals(403, Json.send("POST", demoKeys + "/kek/rewrap", masterToken, null).status(), "only under /admin/realms/master");
        assertEquals(400, Json.send("POST", masterKeys + "/kek/rewrap", masterToken, "{\"limit\": 0}").status());
        assertEquals(200, Json.get(masterKeys + "/kek", masterToken).status());
    }

    private static JsonNode findKind(JsonNode rows, String kind) {
        for (JsonNode r : rows) {
            if (kind.equals(r.get("kind").asText())) {
                return r;
            }
        }
        throw new AssertionError("no " + kind + " rotation in " + rows);
    }
}
