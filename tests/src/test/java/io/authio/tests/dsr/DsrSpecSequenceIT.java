package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Requirement;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * The compliance page's "Using Authio to fulfill a DSR" curl commands, run with the real curl binary
 * exactly as documented (the base URL replaced by the realm path, the key by a real sk_live_ key).
 * Note that the documented fulfill and export calls send no Content-Type header (curl then declares a
 * form body): the API reads the JSON anyway.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrSpecSequenceIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void theDocumentedDeletionAndExportCommandsWorkAsWritten() throws Exception {
        Requirement.require(getClass(), Curl.available() ? null : "/usr/bin/curl is not installed (Debian package curl)");
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-spec");
        f.serviceAccountClient("support-automation", "manage-users", "view-users");
        String key = f.apiKey("support-automation", "dsr").get("key").asText();
        assertTrue(key.startsWith("sk_live_"), key);
        String base = f.dsrUrl();

        // Alice has an account with a password, a session and history
        String aliceId = alice(f);

        // --- Deletion ---
        Curl.Result created = Curl.run("-X", "POST",
                "-H", "Authorization: Bearer " + key,
                "-H", "Content-Type: application/json",
                "-d", "{\"request_type\": \"deletion\", \"user_email\": \"alice@example.com\",\n\"notes\": \"submitted via support ticket #1234\"}",
                base);
        assertEquals(201, created.status(), created.body());
        JsonNode dsr = created.json();
        String dsrId = dsr.get("dsr_id").asText();
        assertTrue(dsrId.startsWith("dsr_"), dsrId);
        assertEquals("pending", dsr.get("status").asText());
        assertEquals("deletion", dsr.get("request_type").asText());
        Instant createdAt = Instant.parse(dsr.get("created_at").asText());
        assertEquals(Duration.ofDays(30), Duration.between(createdAt, Instant.parse(dsr.get("due_at").asText())), "GDPR default");

        Curl.Result fulfilled = Curl.run("-X", "POST",
                "-H", "Authorization: Bearer " + key,
                base + "/" + dsrId + "/fulfill",
                "-d", "{}");
        assertEquals(200, fulfilled.status(), fulfilled.body());
        JsonNode done = fulfilled.json();
        assertEquals("completed", done.get("status").asText());
        assertEquals("erased", done.get("evidence").get("outcome").asText());
        assertEquals(1, done.get("evidence").get("tables").get("USER_ENTITY").asInt());
        assertTrue(done.get("evidence").get("tables").get("AUTHIO_AUDIT_EVENT").asInt() >= 2, done.toString());
        assertEquals("api_key", done.get("evidence").get("fulfilled_by").get("type").asText());
        assertTrue(done.get("user_email").isNull(), "the request no longer names the person");
        assertEquals(0, TestDb.count("select count(*) from USER_ENTITY where ID = ?", aliceId));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", aliceId));
        for (var row : TestDb.query("select METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and METADATA like '%user_email%'", f.realm.getId())) {
            assertFalse(String.valueOf(row.get("metadata")).contains("alice@example.com"), row.toString());
        }

        // --- Export / access / portability (Alice signed up again) ---
        String aliceAgain = alice(f);
        Curl.Result exportCreated = Curl.run("-X", "POST",
                "-H", "Authorization: Bearer " + key,
                "-d", "{\"request_type\": \"export\", \"user_email\": \"alice@example.com\"}",
                base);
        assertEquals(201, exportCreated.status(), exportCreated.body());
        String exportId = exportCreated.json().get("dsr_id").asText();
        try (HttpReceiver bucket = new HttpReceiver()) {
            bucket.respond(r -> HttpReceiver.Reply.of(200));
            String presigned = bucket.url("/exports/alice.json?X-Amz-Signature=abc123&X-Amz-Expires=900");
            Curl.Result exported = Curl.run("-X", "POST",
                    "-H", "Authorization: Bearer " + key,
                    "-d", "{\"output_artifact_url\": \"" + presigned + "\"}",
                    base + "/" + exportId + "/fulfill");
            assertEquals(200, exported.status(), exported.body());
            assertEquals("completed", exported.json().get("status").asText());
            assertEquals("upload", exported.json().get("evidence").get("artifact").get("delivery").asText());
            HttpReceiver.Request put = bucket.await(r -> r.path().startsWith("/exports/alice.json"), 10_000);
            assertNotNull(put, "the bundle was PUT to the presigned URL");
            assertEquals("PUT", put.method());
            JsonNode bundle = Json.MAPPER.readTree(put.body());
            assertEquals(exportId, bundle.get("dsr_id").asText());
            assertEquals(aliceAgain, bundle.get("users").get(0).get("id").asText());
            assertEquals("alice@example.com", bundle.get("users").get(0).get("email").asText());
            for (String section : List.of("users", "identities", "memberships", "sessions", "audit_events", "risk_decisions", "step_up_challenges")) {
                assertTrue(bundle.get(section).isArray(), section);
            }
            assertEquals(exported.json().get("evidence").get("artifact").get("bytes").asLong(), put.body().length);
        }
    }

    /** Creates alice@example.com (password, one login) and returns her id. */
    private static String alice(DsrFixture f) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername("alice");
        u.setEmail("alice@example.com");
        u.setEmailVerified(true);
        u.setFirstName("Alice");
        u.setLastName("Liddell");
        u.setEnabled(true);
        var cred = new org.keycloak.representations.idm.CredentialRepresentation();
        cred.setType("password");
        cred.setValue(Users.PASSWORD);
        cred.setTemporary(false);
        u.setCredentials(List.of(cred));
        try (var r = f.realm.admin().users().create(u)) {
            assertEquals(201, r.getStatus());
        }
        String id = f.realm.admin().users().search("alice", true).get(0).getId();
        Oidc oidc = new Oidc(f.realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.login("alice", Users.PASSWORD).succeeded());
        return id;
    }
}
