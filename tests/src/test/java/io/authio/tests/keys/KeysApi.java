package io.authio.tests.keys;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.tests.support.Json;

/** Calls to /admin/realms/{realm}/authio/keys for one realm with one bearer token. */
record KeysApi(String base, String token) {

    static KeysApi of(String realmUrl, String token) {
        return new KeysApi(realmUrl.replace("/realms/", "/admin/realms/") + "/authio/keys", token);
    }

    Json.Reply get(String path) {
        return Json.get(base + path, token);
    }

    Json.Reply post(String path, String body) {
        return Json.send("POST", base + path, token, body);
    }

    Json.Reply delete(String path) {
        return Json.send("DELETE", base + path, token, null);
    }

    JsonNode rotateSigningKey(String body) {
        Json.Reply reply = post("/signing-key/rotate", body);
        if (reply.status() != 201) {
            throw new AssertionError("signing key rotation answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    JsonNode overview() {
        Json.Reply reply = get("");
        if (reply.status() != 200) {
            throw new AssertionError("keys overview answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }
}
