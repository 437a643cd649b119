package io.authio.tests.dsr;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.json.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * A realm for DSR tests: an administrator (realm-admin) for set-up calls, the loopback allowlisted for
 * uploads, and helpers for service-account clients and API keys, all through the real admin API.
 */
final class DsrFixture {

    final Realms.TestRealm realm;
    final String adminToken;

    DsrFixture(Keycloak admin, KeycloakUrls urls, String realmName) {
        this.realm = Realms.importDemoAs(admin, urls, realmName);
        Users.Created a = Users.create(realm.admin(), "dsr-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "realm-admin");
        this.adminToken = Users.adminCliToken(realm.getBaseUrl(), a.username());
        var r = call("PUT", "/delivery-settings", adminToken, Map.of("allowed_networks", List.of("127.0.0.1/32")));
        if (r.status() != 200) {
            throw new AssertionError(r.body());
        }
    }

    String api(String path) {
        return realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio" + path;
    }

    String dsrUrl() {
        return api("/compliance/dsr");
    }

    io.authio.tests.support.Json.Reply call(String method, String path, String token, Object body) {
        return io.authio.tests.support.Json.send(method, api(path), token, body == null ? null : Json.write(body));
    }

    io.authio.tests.support.Json.Reply raw(String method, String path, String token, String body) {
        return io.authio.tests.support.Json.send(method, api(path), token, body);
    }

    /** A confidential client with a service account holding the given realm-management roles. */
    String serviceAccountClient(String clientId, String... roles) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setEnabled(true);
        c.setPublicClient(false);
        c.setServiceAccountsEnabled(true);
        c.setStandardFlowEnabled(false);
        c.setSecret("secret-" + clientId);
        try (Response r = realm.admin().clients().create(c)) {
            if (r.getStatus() != 201) {
                throw new AssertionError("client creation answered " + r.getStatus());
            }
        }
        String id = realm.admin().clients().findByClientId(clientId).get(0).getId();
        if (roles.length > 0) {
            String saUser = realm.admin().clients().get(id).getServiceAccountUser().getId();
            ClientRepresentation rm = realm.admin().clients().findByClientId("realm-management").get(0);
            List<RoleRepresentation> reps = java.util.Arrays.stream(roles)
                    .map(role -> realm.admin().clients().get(rm.getId()).roles().get(role).toRepresentation()).toList();
            realm.admin().users().get(saUser).roles().clientLevel(rm.getId()).add(reps);
        }
        return id;
    }

    /** Issues an API key for the client; returns the 201 body (with the one-time "key"). */
    JsonNode apiKey(String clientId, String... scopes) {
        var r = call("POST", "/api-keys", adminToken, Map.of("name", "key for " + clientId, "scopes", List.of(scopes), "client_id", clientId));
        if (r.status() != 201) {
            throw new AssertionError("API key issuance answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    JsonNode createDsr(String token, String type, String email) {
        var r = call("POST", "/compliance/dsr", token, Map.of("request_type", type, "user_email", email));
        if (r.status() != 201) {
            throw new AssertionError("DSR creation answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }
}
