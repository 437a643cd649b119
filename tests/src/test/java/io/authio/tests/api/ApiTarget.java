package io.authio.tests.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * A realm to attack: a realm administrator, a signed-in user, and one real object behind every path parameter
 * of the API (a webhook, an HTTP SIEM sink, a delivery, a pending DSR, an API key, a risk decision, a device),
 * so hostile input reaches the validation of real objects, not just a 404.
 */
final class ApiTarget {

    private final Realms.TestRealm realm;
    private final ApiSurface surface = ApiSurface.read();
    final String adminToken;
    final String userToken;
    final String noRoleToken;
    private final Map<String, String> ids = new LinkedHashMap<>();

    private ApiTarget(Realms.TestRealm realm, String adminToken, String userToken, String noRoleToken) {
        this.realm = realm;
        this.adminToken = adminToken;
        this.userToken = userToken;
        this.noRoleToken = noRoleToken;
    }

    static ApiTarget of(Keycloak admin, KeycloakUrls urls, String realmName) {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, realmName);
        var rep = realm.admin().toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new java.util.HashMap<>() : new java.util.HashMap<>(rep.getAttributes());
        attributes.put("authio.dsr.requests-per-minute", "1000000");
        attributes.put("authio.dsr.requests-per-minute-per-ip", "1000000");
        rep.setAttributes(attributes);
        realm.admin().update(rep);

        Users.Created operator = Users.create(realm.admin(), "operator");
        Users.grantRealmManagement(realm.admin(), operator.id(), "realm-admin");
        Users.Created user = Users.create(realm.admin(), "member");
        Oidc.LoginResult login = new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login(user.username(), Users.PASSWORD);
        if (!login.succeeded()) {
            throw new AssertionError("sign-in of the member failed");
        }
        Users.Created nobody = Users.create(realm.admin(), "nobody");
        ApiTarget t = new ApiTarget(realm, Users.adminCliToken(realm.getBaseUrl(), operator.username()),
                login.tokens().get("access_token").asText(), Users.adminCliToken(realm.getBaseUrl(), nobody.username()));
        t.seed(user);
        return t;
    }

    private void seed(Users.Created user) {
        ok(sendAdmin("PUT", "/delivery-settings", "{\"allowed_networks\":[\"127.0.0.1/32\"]}", "application/json"), 200);
        // destinations on a closed loopback port: nothing the fuzzer does matches their event types
        ids.put("webhook", ok(sendAdmin("POST", "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"magic_link.sent\"],\"enabled\":false}", "application/json"), 201).path("id").asText());
        ids.put("siem", ok(sendAdmin("POST", "/siem-sinks", "{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/siem\","
                + "\"event_types\":[\"magic_link.sent\"],\"enabled\":false}", "application/json"), 201).path("id").asText());
        ids.put("dsr", ok(sendAdmin("POST", "/compliance/dsr", "{\"request_type\":\"export\",\"user_email\":\"target@example.test\"}",
                "application/json"), 201).path("dsr_id").asText());
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId("fuzz-automation");
        c.setPublicClient(false);
        c.setServiceAccountsEnabled(true);
        c.setStandardFlowEnabled(false);
        try (Response r = realm.admin().clients().create(c)) {
            if (r.getStatus() != 201) {
                throw new AssertionError("client creation answered " + r.getStatus());
            }
        }
        ids.put("apikey", ok(sendAdmin("POST", "/api-keys", "{\"name\":\"fuzz\",\"scopes\":[\"dsr\"],\"client_id\":\"fuzz-automation\"}",
                "application/json"), 201).path("id").asText());
        List<Map<String, Object>> decisions = TestDb.query("select ID from AUTHIO_RISK_DECISION where REALM_ID = ? and USER_ID = ?",
                realm.getId(), user.id());
        ids.put("decision", decisions.isEmpty() ? "00000000-0000-7000-8000-000000000000" : String.valueOf(decisions.get(0).get("id")));
        List<Map<String, Object>> devices = TestDb.query("select ID from AUTHIO_DEVICE where REALM_ID = ? and USER_ID = ?", realm.getId(), user.id());
        ids.put("device", devices.isEmpty() ? "00000000-0000-7000-8000-000000000000" : String.valueOf(devices.get(0).get("id")));
        ids.put("delivery", "00000000-0000-7000-8000-000000000000");
    }

    private static com.fasterxml.jackson.databind.JsonNode ok(HostileRequest.Reply r, int status) {
        if (r.status() != status) {
            throw new AssertionError(r.what() + " answered " + r.status() + ": " + r.body());
        }
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    ApiSurface surface() {
        return surface;
    }

    String realmName() {
        return realm.name();
    }

    String base() {
        return realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
    }

    /** The operation's path with the realm and a real object for every other parameter. */
    String pathFor(ApiSurface.Operation op) {
        return pathWith(op, null, null);
    }

    /** The path with {@code param} set to {@code value} (raw, already URL-encoded as needed) and the rest real. */
    String pathWith(ApiSurface.Operation op, String param, String value) {
        String path = op.path();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            int open = path.indexOf('{', i);
            if (open < 0) {
                out.append(path.substring(i));
                break;
            }
            int close = path.indexOf('}', open);
            out.append(path, i, open);
            String name = path.substring(open + 1, close);
            out.append(name.equals(param) ? value : real(op.path(), name));
            i = close + 1;
        }
        return out.toString();
    }

    private String real(String path, String param) {
        return switch (param) {
            case "realm" -> realm.name();
            case "id" -> path.contains("/siem-sinks/") ? ids.get("siem") : ids.get("webhook");
            case "deliveryId" -> ids.get("delivery");
            case "version" -> "1";
            case "dsrId" -> ids.get("dsr");
            case "keyId" -> ids.get("apikey");
            case "decisionId" -> ids.get("decision");
            case "deviceId" -> ids.get("device");
            case "path" -> "console.js"; // a file of the console page (its assets)
            default -> throw new IllegalStateException("no object for path parameter {" + param + "} of " + path
                    + ": teach ApiTarget about it");
        };
    }

    /** Sends to an operation with the token its family needs (admin or the signed-in user). */
    HostileRequest.Reply send(ApiSurface.Operation op, String path, String body, String contentType) {
        return HostileRequest.send(op.method(), base() + path, op.admin() ? adminToken : userToken, body, contentType, op.html());
    }

    HostileRequest.Reply sendAdmin(String method, String relativePath, String body, String contentType) {
        return HostileRequest.send(method, base() + "/admin/realms/" + realm.name() + "/authio" + relativePath, adminToken, body,
                contentType, false);
    }

    /** This realm's rows per AUTHIO_ table (all rows of tables without REALM_ID): a refused request writes none. */
    /**
     * Rows of every Authio table, the realm's where the table has a REALM_ID, on any database (JDBC metadata). The
     * rate-limit buckets are left out: a refused request still spends its caller's budget, by design (malformed
     * requests are not free to send), so they are the one write a refusal makes.
     */
    Map<String, Long> authioRowCounts() {
        Map<String, Boolean> tables = new TreeMap<>();
        try (java.sql.Connection c = TestDb.connect()) {
            java.sql.DatabaseMetaData md = c.getMetaData();
            try (java.sql.ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT);
                    if (table.startsWith("AUTHIO_") && !table.equals("AUTHIO_RATE_LIMIT")) {
                        tables.merge(table, "REALM_ID".equalsIgnoreCase(rs.getString("COLUMN_NAME")), Boolean::logicalOr);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no AUTHIO_ tables found");
        }
        Map<String, Long> counts = new TreeMap<>();
        tables.forEach((table, byRealm) -> counts.put(table.toLowerCase(java.util.Locale.ROOT), byRealm
                ? TestDb.count("select count(*) from " + table + " where REALM_ID = ?", realm.getId())
                : TestDb.count("select count(*) from " + table)));
        return counts;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
