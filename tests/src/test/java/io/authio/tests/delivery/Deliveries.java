package io.authio.tests.delivery;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;


import io.authio.core.json.Json;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/** Admin-API helpers for delivery tests, acting as a realm administrator of the demo realm. */
final class Deliveries {

    final io.authio.tests.support.Realms.TestRealm realm;
    final String adminToken;

    Deliveries(io.authio.tests.support.Realms.TestRealm realm) {
        this.realm = realm;
        Users.Created admin = Users.create(realm.admin(), "delivery-admin");
        Users.grantRealmManagement(realm.admin(), admin.id(), "realm-admin");
        this.adminToken = Users.adminCliToken(realm.getBaseUrl(), admin.username());
    }

    /** A realm-admin's bearer token for the realm's other admin endpoints (components, server info). */
    String token() {
        return adminToken;
    }

    String api(String path) {
        return realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio" + path;
    }

    io.authio.tests.support.Json.Reply call(String method, String path, Object body) {
        return io.authio.tests.support.Json.send(method, api(path), adminToken, body == null ? null : Json.write(body));
    }

    void allowLoopback() {
        var r = call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of("127.0.0.1/32")));
        if (r.status() != 200) {
            throw new AssertionError(r.body());
        }
    }

    /** Creates a webhook endpoint; returns the creation response (with the one-time secret). */
    JsonNode webhook(String url, String... eventTypes) {
        var r = call("POST", "/webhooks", Map.of("url", url, "event_types", List.of(eventTypes), "description", "test"));
        if (r.status() != 201) {
            throw new AssertionError("webhook creation answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    JsonNode sink(Map<String, Object> body) {
        var r = call("POST", "/siem-sinks", body);
        if (r.status() != 201) {
            throw new AssertionError("sink creation answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** Disables every destination of the realm so tests don't see each other's traffic. */
    void disableAll() {
        TestDb.update("update AUTHIO_DESTINATION set ENABLED = false where REALM_ID = ?", realm.getId());
    }

    static void await(java.util.function.BooleanSupplier condition, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
