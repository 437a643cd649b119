package io.authio.tests.console;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import io.authio.tests.risk.RiskEnvironmentFiles;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/** Records the console pages show, made the way production makes them: through Authio's API and real sign-ins. */
public final class ConsoleData {

    private final Realms.TestRealm realm;
    private final String adminName;
    private final String token;

    /** Acts as a new realm administrator of {@code realm}; client addresses may be spoofed (sslRequired none). */
    public ConsoleData(Realms.TestRealm realm) {
        this.realm = realm;
        RealmRepresentation rep = realm.admin().toRepresentation();
        if (!"none".equals(rep.getSslRequired())) {
            rep.setSslRequired("none");
            realm.admin().update(rep);
        }
        Users.Created admin = Users.create(realm.admin(), "console-admin");
        Users.grantRealmManagement(realm.admin(), admin.id(), "realm-admin");
        this.adminName = admin.username();
        this.token = Users.adminCliToken(realm.getBaseUrl(), admin.username());
    }

    /** A new token of the same administrator (the first one expires after the realm's token lifespan). */
    public String freshToken() {
        return Users.adminCliToken(realm.getBaseUrl(), adminName);
    }

    public String token() {
        return token;
    }

    public String adminUrl(String path) {
        return realm.getBaseUrl().replace("/realms/", "/admin/realms/") + path;
    }

    public Json.Reply api(String method, String path, Object body) {
        return Json.send(method, adminUrl("/authio" + path), token, body == null ? null : io.authio.core.json.Json.write(body));
    }

    /** A confidential client with a service account, for API keys. */
    public String serviceClient(String clientId) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setPublicClient(false);
        c.setServiceAccountsEnabled(true);
        c.setStandardFlowEnabled(false);
        try (Response r = realm.admin().clients().create(c)) {
            if (r.getStatus() != 201) {
                throw new AssertionError("client creation answered " + r.getStatus());
            }
        }
        return clientId;
    }

    /** Issues an API key; returns the 201 body (with the one-time key). */
    public JsonNode apiKey(String name, String clientId, String... scopes) {
        Json.Reply r = api("POST", "/api-keys", Map.of("name", name, "scopes", List.of(scopes), "client_id", clientId));
        if (r.status() != 201) {
            throw new AssertionError("API key issuance answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** Records a data-subject request; returns the 201 body. */
    public JsonNode dsr(String type, String email) {
        Json.Reply r = api("POST", "/compliance/dsr", Map.of("request_type", type, "user_email", email));
        if (r.status() != 201) {
            throw new AssertionError("DSR creation answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** A password sign-in from a denylisted address, which the risk engine denies. */
    public void deniedSignIn(String username) {
        Oidc oidc = new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        Browser browser = new Browser().header("X-Forwarded-For", RiskEnvironmentFiles.DENYLISTED_IP);
        if (oidc.passwordLogin(oidc.begin(browser), username, Users.PASSWORD).succeeded()) {
            throw new AssertionError("a sign-in from the denylisted address succeeded");
        }
    }

    public static void await(java.util.function.BooleanSupplier condition, long timeoutMillis, String what) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
