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

    /** A user holding data in every Keycloak and Authio place a DSR must reach. */
    record Subject(String id, String username, String email) {
    }

    /**
     * Seeds a user with: a password, a federated identity, a group, a realm role, an attribute, an online
     * session (browser login), an offline session, a failed login, and {@code extraAuditRows} more audit
     * rows naming them. Admin events of these changes carry the user's representation.
     */
    Subject richUser(String prefix, int extraAuditRows) {
        var rep = realm.admin().toRepresentation();
        rep.setAdminEventsDetailsEnabled(true);
        realm.admin().update(rep);
        Users.Created u = Users.create(realm.admin(), prefix);
        var userResource = realm.admin().users().get(u.id());
        var user = userResource.toRepresentation();
        user.setAttributes(Map.of("phone", List.of("+1 555 0100"), "locale", List.of("en")));
        userResource.update(user);

        if (realm.admin().identityProviders().findAll().stream().noneMatch(i -> i.getAlias().equals("corp-idp"))) {
            var idp = new org.keycloak.representations.idm.IdentityProviderRepresentation();
            idp.setAlias("corp-idp");
            idp.setProviderId("oidc");
            idp.setEnabled(true);
            idp.setConfig(Map.of("clientId", "authio", "clientSecret", "not-used", "authorizationUrl", "https://idp.example.test/auth",
                    "tokenUrl", "https://idp.example.test/token", "clientAuthMethod", "client_secret_post"));
            try (Response r = realm.admin().identityProviders().create(idp)) {
                if (r.getStatus() != 201) {
                    throw new AssertionError("IdP creation answered " + r.getStatus());
                }
            }
        }
        var link = new org.keycloak.representations.idm.FederatedIdentityRepresentation();
        link.setIdentityProvider("corp-idp");
        link.setUserId("corp-" + u.id());
        link.setUserName(u.username() + "@corp");
        try (Response r = userResource.addFederatedIdentity("corp-idp", link)) {
            if (r.getStatus() / 100 != 2) {
                throw new AssertionError("federated identity link answered " + r.getStatus());
            }
        }
        String groupId = realm.admin().groups().groups().stream().filter(g -> g.getName().equals("beta-testers")).map(g -> g.getId())
                .findFirst().orElseGet(() -> {
                    var g = new org.keycloak.representations.idm.GroupRepresentation();
                    g.setName("beta-testers");
                    try (Response r = realm.admin().groups().add(g)) {
                        String loc = r.getLocation().getPath();
                        return loc.substring(loc.lastIndexOf('/') + 1);
                    }
                });
        userResource.joinGroup(groupId);
        if (realm.admin().roles().list().stream().noneMatch(r -> r.getName().equals("customer"))) {
            realm.admin().roles().create(new RoleRepresentation("customer", "paying customer", false));
        }
        userResource.roles().realmLevel().add(List.of(realm.admin().roles().get("customer").toRepresentation()));

        io.authio.tests.support.Oidc oidc = new io.authio.tests.support.Oidc(realm.getBaseUrl(),
                io.authio.tests.support.Oidc.DEMO_APP, io.authio.tests.support.Oidc.DEMO_REDIRECT);
        if (!oidc.login(u.username(), Users.PASSWORD).succeeded()) {
            throw new AssertionError("login failed");
        }
        var offline = io.authio.tests.support.Json.post(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", u.username(), "password", Users.PASSWORD,
                "scope", "openid offline_access"), null);
        if (offline.status() != 200) {
            throw new AssertionError("offline grant failed: " + offline.body());
        }
        // the failed login last: a sign-in right after it can meet Keycloak's quick-login lockout (user_temporarily_disabled)
        oidc.login(u.username(), "wrong-password");
        if (extraAuditRows > 0) {
            String metadata = "{\"user_email\":\"" + u.email() + "\",\"username\":\"" + u.username() + "\"}";
            List<Object[]> rows = new java.util.ArrayList<>(extraAuditRows);
            // dated within the last hour: older rows would be the retention purge's to delete while a test runs
            long start = System.currentTimeMillis() - 3_600_000L;
            for (int g = 1; g <= extraAuditRows; g++) {
                rows.add(new Object[] {java.util.UUID.randomUUID().toString(), realm.getId(), start + g, u.id(), metadata});
            }
            io.authio.tests.support.TestDb.batch("insert into AUTHIO_AUDIT_EVENT (ID, REALM_ID, OCCURRED_AT, TYPE, OUTCOME, ACTOR_TYPE, USER_ID, IP, METADATA) "
                    + "values (?, ?, ?, 'user.login.succeeded', 'success', 'user', ?, '203.0.113.7', ?)", rows);
        }
        return new Subject(u.id(), u.username(), u.email());
    }

    /** A realm-management user with these roles, and their admin-cli token. */
    String tokenWith(String prefix, String... roles) {
        Users.Created u = Users.create(realm.admin(), prefix);
        if (roles.length > 0) {
            Users.grantRealmManagement(realm.admin(), u.id(), roles);
        }
        return Users.adminCliToken(realm.getBaseUrl(), u.username());
    }

    void realmAttribute(String name, String value) {
        var rep = realm.admin().toRepresentation();
        var attrs = rep.getAttributes() == null ? new java.util.HashMap<String, String>() : new java.util.HashMap<>(rep.getAttributes());
        attrs.put(name, value);
        rep.setAttributes(attrs);
        realm.admin().update(rep);
    }

    /**
     * Fulfills a request to its end: the fulfil call (200, or 202 while the background run goes on), then polling
     * until it is completed; returns the completed request.
     */
    JsonNode fulfillToCompletion(String token, String id, String body, java.time.Duration timeout) throws InterruptedException {
        io.authio.tests.support.Json.Reply r = raw("POST", "/compliance/dsr/" + id + "/fulfill", token, body);
        if (r.status() != 200 && r.status() != 202) {
            throw new AssertionError("fulfill answered " + r.status() + ": " + r.body());
        }
        JsonNode dsr = r.json();
        long until = System.currentTimeMillis() + timeout.toMillis();
        while (!"completed".equals(dsr.get("status").asText()) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            dsr = call("GET", "/compliance/dsr/" + id, token, null).json();
        }
        if (!"completed".equals(dsr.get("status").asText())) {
            throw new AssertionError("not completed within " + timeout + ": " + dsr);
        }
        return dsr;
    }

    JsonNode createDsr(String token, String type, String email) {
        var r = call("POST", "/compliance/dsr", token, Map.of("request_type", type, "user_email", email));
        if (r.status() != 201) {
            throw new AssertionError("DSR creation answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }
}
