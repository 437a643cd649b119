package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
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
import io.authio.tests.support.TestKeks;
import io.authio.tests.support.Users;

/**
 * Per-realm data keys: created on first seal (for a new realm: its sealed-by-default signing and encryption keys),
 * rotated, values re-sealed forward, old versions destroyed.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DataKeyRotationIT {

    @InjectRealm(ref = "datakeys", lifecycle = LifeCycle.METHOD)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private KeysApi api;

    @BeforeEach
    void api() {
        PublicClient.addTo(realm.admin());
        api = KeysApi.of(realm.getBaseUrl(), admin.tokenManager().getAccessTokenString());
    }

    @Test
    void rotationKeepsOldValuesOpenResealMovesThemForwardAndTheOldKeyCanThenBeDestroyed() {
        JsonNode keys = api.overview().get("data_keys");
        assertEquals(1, keys.size(), "the realm's sealed RS256 and RSA-OAEP keys were sealed under data key v1 at its creation");
        assertEquals(1, keys.get(0).get("version").asInt());
        assertEquals("active", keys.get(0).get("state").asText());
        assertEquals(TestKeks.CURRENT_ID, keys.get(0).get("kek_id").asText());
        assertEquals(2, keys.get(0).get("sealed_values").asInt());
        String wrappedV1 = (String) TestDb.query("select WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ? and VERSION = 1", realm.getId())
                .get(0).get("wrapped_key");
        assertTrue(wrappedV1.startsWith("w1."), wrappedV1);
        assertEquals(1, SealedValues.dataKey(realm.getId(), 1).version(), "the stored key unwraps with the KEK");

        Json.Reply rotated = api.post("/data-key/rotate", "{}");
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals(1, rotated.json().get("previous_version").asInt());
        assertEquals(2, rotated.json().get("active_version").asInt());
        assertTrue(rotated.json().get("resealed").isNull());
        assertEquals(2, rotated.json().get("sealed_values_by_version").get("1").asInt());

        Json.Reply stillNeeded = api.delete("/data-keys/1");
        assertEquals(409, stillNeeded.status(), "a version that sealed values still need is not destroyed");
        assertEquals(409, api.delete("/data-keys/2").status(), "nor the active one");

        Json.Reply resealed = api.post("/data-key/reseal", null);
        assertEquals(200, resealed.status(), resealed.body());
        assertEquals(2, resealed.json().get("resealed").asInt(), "the signing and encryption keys opened under v1 and were sealed under v2");
        assertEquals(2, resealed.json().get("sealed_values_by_version").get("2").asInt());
        assertTrue(resealed.json().get("sealed_values_by_version").path("1").isMissingNode());
        assertEquals(0, api.post("/data-key/reseal", null).json().get("resealed").asInt(), "idempotent");
        for (var row : TestDb.query("select c.VALUE from COMPONENT_CONFIG c join COMPONENT k on k.ID = c.COMPONENT_ID "
                + "where k.REALM_ID = ? and c.NAME = 'sealedPrivateKey'", realm.getId())) {
            assertTrue(((String) row.get("value")).startsWith("v1.2."), row.toString());
        }

        assertEquals(204, api.delete("/data-keys/1").status());
        assertEquals(404, api.delete("/data-keys/1").status());
        assertEquals(400, api.delete("/data-keys/one").status());
        assertEquals(List.of(2), TestDb.query("select VERSION from AUTHIO_DATA_KEY where REALM_ID = ?", realm.getId())
                .stream().map(r -> ((Number) r.get("version")).intValue()).toList());

        // the re-sealed signing key signs tokens that verify
        Users.Created user = Users.create(realm.admin(), "rotated");
        var login = PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD);
        assertTrue(login.succeeded());
        assertTrue(Jwt.parse(login.tokens().get("access_token").asText()).verifiesWith(Jwt.jwks(realm.getBaseUrl())));

        JsonNode rotations = api.get("/rotations").json().get("data");
        assertEquals(List.of("data_key_destroyed", "data_key", "signing_key", "signing_key"), field(rotations, "kind"));
        assertEquals("v1", rotations.get(0).get("old_key_id").asText());
        assertEquals("v2", rotations.get(1).get("new_key_id").asText());
        assertEquals(List.of("system", "system"), field(rotations, "actor_type").subList(2, 4), "the keys the realm was created with");
        assertEquals(4, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'key.rotated'", realm.getId()));

        // paging through rotations: one per page, newest first, no repeats
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/rotations?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("data").forEach(r -> paged.add(r.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(field(rotations, "id"), paged);
    }

    @Test
    void rotatingWithResealMovesEverythingInOneCall() {
        api.rotateSigningKey("{}");
        api.rotateSigningKey("{\"algorithm\":\"ES256\"}");
        Json.Reply rotated = api.post("/data-key/rotate", "{\"reseal\": true}");
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals(4, rotated.json().get("resealed").asInt(), "the realm's two keys from its creation and the two rotated ones");
        assertEquals(4, rotated.json().get("sealed_values_by_version").get("2").asInt());
        api.overview().get("signing_keys").forEach(k -> assertEquals(2, k.get("data_key_version").asInt()));
    }

    @Test
    void concurrentRotationsLeaveOneDataKeyAndOneActiveKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> api.post("/signing-key/rotate", "{\"algorithm\":\"ES256\",\"grace_period_seconds\":0}").status());
            }
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertEquals(201, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", realm.getId()));
        List<String> statuses = es256Statuses();
        assertEquals(4, statuses.size());
        assertEquals(1, statuses.stream().filter("active"::equals).count(), "rotations of one realm run one after another: " + statuses);
        assertEquals(3, statuses.stream().filter("disabled"::equals).count(), "grace 0: the previous keys are disabled at once");
    }

    @Test
    void concurrentRotationsOfARealmThatAlreadyHasKeysAllSucceed() throws Exception {
        // Round after round, so requests start while the previous round's rotation invalidates the realm cache: such a
        // request loads the realm's components before it waits for the lock (the case that failed with a stale row).
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 8; round++) {
                List<Callable<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(() -> api.post("/signing-key/rotate", "{\"algorithm\":\"ES256\",\"grace_period_seconds\":0}").status());
                }
                for (Future<Integer> status : pool.invokeAll(calls)) {
                    assertEquals(201, status.get(), "round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> statuses = es256Statuses();
        assertEquals(32, statuses.size());
        assertEquals(1, statuses.stream().filter("active"::equals).count(), statuses.toString());
    }

    @Test
    void removingARealmDeletesItsDataKeysAndRotations() {
        RealmRepresentation temp = new RealmRepresentation();
        temp.setRealm("keys-removal-" + System.nanoTime());
        temp.setEnabled(true);
        admin.realms().create(temp);
        String realmId = admin.realm(temp.getRealm()).toRepresentation().getId();
        KeysApi tempApi = KeysApi.of(realm.getBaseUrl().replace(realm.getName(), temp.getRealm()), admin.tokenManager().getAccessTokenString());
        tempApi.rotateSigningKey("{}");
        assertEquals(200, tempApi.post("/data-key/rotate", null).status());
        assertEquals(2, TestDb.count("select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", realmId));
        assertEquals(4, TestDb.count("select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ?", realmId), "2 at creation, 2 here");

        admin.realm(temp.getRealm()).remove();

        assertEquals(0, TestDb.count("select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", realmId));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_KEY_ROTATION where REALM_ID = ?", realmId));
    }

    private List<String> es256Statuses() {
        List<String> out = new ArrayList<>();
        api.overview().get("signing_keys").forEach(k -> {
            if ("ES256".equals(k.get("algorithm").asText())) {
                out.add(k.get("status").asText());
            }
        });
        return out;
    }

    private static List<String> field(JsonNode rows, String name) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(name).asText()));
        return out;
    }
}
