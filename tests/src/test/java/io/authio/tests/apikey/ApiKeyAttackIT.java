package io.authio.tests.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.DbScan;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Attacks on API-key authentication (threat model, "API keys and rate limits"): guessing keys is throttled per
 * client network (an IPv6 /64 counts as one), every rejected key is audited by its prefix and never the key,
 * every refusal carries the standard security headers, and nothing a stranger sends, even with a real key's
 * prefix, stops the key's holder.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class ApiKeyAttackIT {

    /** The server's default budget of failed API-key authentications per client network and minute. */
    static final int FAILED_BUDGET = 20;
    static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-Frame-Options", "Strict-Transport-Security",
            "Referrer-Policy");
    private static final SecureRandom RANDOM = new SecureRandom();

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    private static Realms.TestRealm realm;
    private static String adminToken;
    private static JsonNode auditKey;
    private static JsonNode dsrKey;

    @BeforeEach
    void realm() {
        if (realm != null) {
            return;
        }
        realm = Realms.importDemoAs(admin, urls, "authio-api-key-attacks");
        Users.Created a = Users.create(realm.admin(), "key-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "realm-admin");
        adminToken = Users.adminCliToken(realm.baseUrl(), a.username());
        serviceAccountClient("audit-reader", "view-events");
        serviceAccountClient("dsr-worker", "view-users");
        auditKey = issue("audit-reader", "audit:read");
        dsrKey = issue("dsr-worker", "dsr");
    }

    @Test
    void wrongKeysFromOneSlash64AreThrottledAndEachRefusalIsAuditedWithoutTheKey() {
        String network = "2001:db8:7a:1:";
        List<String> sent = new ArrayList<>();
        Json.Reply throttled = null;
        int refused = 0;
        for (int i = 1; i <= FAILED_BUDGET + 10 && throttled == null; i++) {
            String key = randomKey();
            sent.add(key);
            // every attempt from another address of the same /64
            Json.Reply r = call("/audit-events", key, network + Integer.toHexString(i) + ":0:0:" + Integer.toHexString(i * 7));
            if (r.status() == 429) {
                throttled = r;
            } else {
                assertEquals(401, r.status(), r.body());
                assertEquals("invalid API key", r.json().get("error_description").asText());
                refused++;
            }
        }

        assertNotNull(throttled, "guessing keys from one /64 is throttled");
        assertEquals(FAILED_BUDGET, refused, "the budget is per /64, not per address");
        assertEquals("rate_limited", throttled.json().get("error").asText());
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertSecurityHeaders(throttled);

        List<Map<String, Object>> audited = TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api_key.rejected' "
                + "and IP like '2001:db8:7a:1:%' order by OCCURRED_AT", realm.id());
        assertEquals(refused, audited.size(), "one audit event per rejected key");
        for (int i = 0; i < audited.size(); i++) {
            JsonNode metadata = io.authio.tests.support.Json.MAPPER.valueToTree(io.authio.core.json.Json.read((String) audited.get(i).get("metadata")));
            assertEquals(sent.get(i).substring(0, 18), metadata.get("prefix").asText(), "the event names the key by its prefix");
            assertEquals("invalid", metadata.get("reason").asText());
        }
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api.rate_limited' "
                + "and IP like '2001:db8:7a:1:%'", realm.id()), "the throttling itself is recorded, once per window");
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String key : sent) {
            secrets.put(key.substring(0, 18), key.substring(18));
        }
        DbScan.Result scan = DbScan.scan(secrets, Map.of());
        assertEquals(List.of(), scan.hits(), "no part of a rejected key beyond its prefix is stored anywhere");
    }

    @Test
    void theKeysHolderIsNeverLockedOutByAStrangersGuesses() {
        String network = "2001:db8:7b:2:";
        String prefix = auditKey.get("prefix").asText();
        for (int i = 0; i < FAILED_BUDGET + 5; i++) {
            // the stranger even knows the real key's prefix (it is shown in listings and logs)
            call("/audit-events", prefix + randomKey().substring(18), network + ":" + Integer.toHexString(i + 1));
        }
        assertEquals(429, call("/audit-events", randomKey(), network + ":ffff").status(), "the stranger's network is throttled");

        assertEquals(200, call("/audit-events", auditKey.get("key").asText(), network + ":abcd").status(),
                "the holder sharing the stranger's network still gets in: failures never spend a valid key's way in");
        assertEquals(200, call("/audit-events", auditKey.get("key").asText(), "62.96.40.1").status());
        assertEquals(401, call("/audit-events", randomKey(), "2001:db8:7b:3::1").status(), "another /64 has its own budget");
        assertNull(TestDb.query("select REVOKED_AT from AUTHIO_API_KEY where ID = ?", auditKey.get("id").asText()).get(0).get("revoked_at"));
    }

    @Test
    void revokedAndOutOfScopeKeysAreAuditedByNameAndPrefix() {
        JsonNode doomed = issue("audit-reader", "audit:read");
        assertEquals(200, Json.send("POST", api("/api-keys/" + doomed.get("id").asText() + "/revoke"), adminToken, null).status());

        Json.Reply revoked = call("/audit-events", doomed.get("key").asText(), "62.96.41.1");
        Json.Reply outOfScope = call("/audit-events", dsrKey.get("key").asText(), "62.96.41.2");

        assertEquals(401, revoked.status());
        assertEquals(403, outOfScope.status());
        Map<String, Object> r = TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api_key.rejected' and IP = '62.96.41.1'",
                realm.id()).get(0);
        JsonNode m = io.authio.tests.support.Json.MAPPER.valueToTree(io.authio.core.json.Json.read((String) r.get("metadata")));
        assertEquals("revoked", m.get("reason").asText());
        assertEquals(doomed.get("prefix").asText(), m.get("prefix").asText());
        assertEquals(doomed.get("id").asText(), m.get("api_key_id").asText());
        Map<String, Object> s = TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'api_key.rejected' and IP = '62.96.41.2'",
                realm.id()).get(0);
        assertTrue(((String) s.get("metadata")).contains("\"reason\":\"scope\""), (String) s.get("metadata"));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where METADATA like ?", "%" + doomed.get("key").asText().substring(18) + "%"));
    }

    @Test
    void aChangeMadeWithAnApiKeyIsRecordedAsTheKeysNotAsAnAdministrators() {
        assertEquals(200, Json.send("PUT", api("/delivery-settings"), adminToken,
                io.authio.core.json.Json.write(Map.of("allowed_networks", List.of("127.0.0.1/32")))).status());
        serviceAccountClient("hook-manager", "manage-realm");
        JsonNode hookKey = issue("hook-manager", "webhooks");

        Json.Reply created = Json.send("POST", api("/webhooks"), hookKey.get("key").asText(),
                io.authio.core.json.Json.write(Map.of("url", "http://127.0.0.1:9/by-key", "event_types", List.of("user.*"))));
        assertEquals(201, created.status(), created.body());
        String hookId = created.json().get("id").asText();
        Json.Reply deleted = Json.send("DELETE", api("/webhooks/" + hookId), hookKey.get("key").asText(), null);
        assertEquals(204, deleted.status(), deleted.body());

        for (String type : List.of("webhook.endpoint.created", "webhook.endpoint.deleted")) {
            List<Map<String, Object>> rows = TestDb.query("select ACTOR_TYPE, ACTOR_ID from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = ? "
                    + "and METADATA like ?", realm.id(), type, "%" + hookId + "%");
            assertEquals(1, rows.size(), type);
            assertEquals("api_key", rows.get(0).get("actor_type"), type + ": who acted is the key, not an administrator");
            assertEquals(hookKey.get("id").asText(), rows.get(0).get("actor_id"), type);
        }
    }

    @Test
    void everyApiKeyRefusalCarriesTheStandardSecurityHeaders() {
        Json.Reply wrong = call("/audit-events", randomKey(), "62.96.42.1");
        Json.Reply outOfScope = call("/audit-events", dsrKey.get("key").asText(), "62.96.42.2");
        Json.Reply neverForKeys = call("/api-keys", auditKey.get("key").asText(), "62.96.42.3");
        Json.Reply malformed = call("/audit-events", "sk_live_short", "62.96.42.4");

        for (Json.Reply r : List.of(wrong, outOfScope, neverForKeys, malformed)) {
            assertTrue(r.status() == 401 || r.status() == 403, r.status() + " " + r.body());
            assertNotNull(r.json().get("error"), r.body());
            assertNotNull(r.json().get("error_description"), r.body());
            assertSecurityHeaders(r);
        }
        assertEquals("Bearer", wrong.header("WWW-Authenticate"));
    }

    // ---------------------------------------------------------------------------------------------------------

    static void assertSecurityHeaders(Json.Reply r) {
        for (String h : SECURITY_HEADERS) {
            assertNotNull(r.header(h), "the " + r.status() + " answer lacks " + h + ": " + r.response().headers().map());
        }
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
    }

    private String api(String path) {
        return realm.baseUrl().replace("/realms/", "/admin/realms/") + "/authio" + path;
    }

    /** A GET with a bearer value from a client address (X-Forwarded-For). */
    private Json.Reply call(String path, String bearer, String ip) {
        return Json.send(HttpRequest.newBuilder(URI.create(api(path))).timeout(Duration.ofSeconds(60)).GET()
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .header("X-Forwarded-For", ip).build());
    }

    static String randomKey() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder("sk_live_");
        for (int i = 0; i < 40; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private JsonNode issue(String clientId, String scope) {
        Json.Reply r = Json.send("POST", api("/api-keys"), adminToken, io.authio.core.json.Json.write(Map.of("name", "key for " + clientId,
                "scopes", List.of(scope), "client_id", clientId)));
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private void serviceAccountClient(String clientId, String role) {
        Users.serviceAccountClient(realm.admin(), clientId, role);
    }
}
