package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.TestDb;

/** Export requests: the bundle's sections, its published schema, one-time download, presigned upload, SSRF. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrExportIT {

    private static final Path SCHEMA = Path.of("..", "docs", "schemas", "dsr-export.schema.json");

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    static void assertValid(String bundle) throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Files.readString(SCHEMA));
        var errors = schema.validate(bundle, InputFormat.JSON);
        assertEquals(List.of(), errors.stream().map(Object::toString).toList(), "the bundle matches docs/schemas/dsr-export.schema.json");
    }

    @Test
    void theBundleHoldsEverySectionWithTheSeededDataAndIsDownloadableOnce() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-export");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        DsrFixture.Subject fay = f.richUser("fay", 0);

        String id = f.createDsr(manager, "export", fay.email()).get("dsr_id").asText();
        var fulfilled = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
        assertEquals(200, fulfilled.status(), fulfilled.body());
        JsonNode done = fulfilled.json();
        assertEquals("completed", done.get("status").asText());
        assertEquals("available", done.get("artifact").get("state").asText());
        assertEquals("download", done.get("evidence").get("artifact").get("delivery").asText());
        TestDb.Column content = TestDb.column("AUTHIO_DSR_ARTIFACT", "CONTENT");
        assertTrue(Set.of(java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY, java.sql.Types.BLOB)
                .contains(content.jdbcType()), "bundles are stored in a binary column: " + content);
        assertTrue(content.size() >= 1024 * 1024, "a binary column that holds a whole 1 MiB chunk (not MariaDB's 64 KiB BLOB): " + content);
        assertFalse(content.typeName().equalsIgnoreCase("oid"), "not a PostgreSQL large object, which outlives its row: " + content);

        var download = Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager);
        assertEquals(200, download.status(), download.body());
        assertTrue(download.header("Content-Disposition").contains(id + ".json"));
        assertEquals("no-store", download.header("Cache-Control"));
        String body = download.body();
        assertValid(body);
        JsonNode bundle = Json.MAPPER.readTree(body);
        assertEquals(done.get("evidence").get("artifact").get("bytes").asLong(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        JsonNode user = bundle.get("users").get(0);
        assertEquals(fay.id(), user.get("id").asText());
        assertEquals(fay.email(), user.get("email").asText());
        assertTrue(user.get("attributes").isObject());
        assertEquals("fay", user.get("last_name").asText());
        Set<String> identityKinds = new java.util.HashSet<>();
        bundle.get("identities").forEach(i -> identityKinds.add(i.get("kind").asText() + ":" + i.path("identity_provider").asText(i.path("type").asText())));
        assertTrue(identityKinds.containsAll(Set.of("federated_identity:corp-idp", "credential:password")), identityKinds.toString());
        assertFalse(body.contains("secretData") || body.contains("credentialData") || body.contains("\"hash"), "no secrets in the bundle");
        List<String> memberships = new ArrayList<>();
        bundle.get("memberships").forEach(m -> memberships.add(m.get("kind").asText() + ":" + m.get("name").asText()));
        assertTrue(memberships.containsAll(List.of("group:beta-testers", "realm_role:customer")), memberships.toString());
        List<Boolean> sessions = new ArrayList<>();
        bundle.get("sessions").forEach(s -> sessions.add(s.get("offline").asBoolean()));
        assertTrue(sessions.contains(true) && sessions.contains(false), "online and offline sessions: " + sessions);
        assertTrue(bundle.get("audit_events").size() >= 3, "creation, login, failed login");
        bundle.get("audit_events").forEach(e -> assertEquals(fay.id(), e.get("user_id").asText()));
        List<String> kcEvents = new ArrayList<>();
        bundle.get("keycloak_events").forEach(e -> kcEvents.add(e.get("kind").asText() + ":" + e.get("type").asText()));
        assertTrue(kcEvents.contains("login:LOGIN") && kcEvents.contains("login:LOGIN_ERROR") && kcEvents.contains("admin:CREATE"), kcEvents.toString());
        for (String section : List.of("risk_decisions", "step_up_challenges", "known_devices", "consents")) {
            assertTrue(bundle.get(section).isArray(), section + " is always present");
        }

        var second = Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager);
        assertEquals(410, second.status(), "downloadable once");
        assertEquals("artifact_gone", second.json().get("error").asText());
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_DSR_ARTIFACT where DSR_ID = ?", id), "the stored bundle is gone");
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where TYPE = 'dsr.artifact.downloaded' and METADATA like ?", "%" + id + "%"));
    }

    @Test
    void thePresignedPutLandsAtTheReceiverAndFailedUploadsLeaveTheRequestPending() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-upload");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        DsrFixture.Subject gus = f.richUser("gus", 0);
        String id = f.createDsr(manager, "export", gus.email()).get("dsr_id").asText();

        // the guard: metadata addresses are never a destination
        var ssrf = f.call("POST", "/compliance/dsr/" + id + "/fulfill", manager,
                Map.of("output_artifact_url", "http://169.254.169.254/latest/meta-data/"));
        assertEquals(400, ssrf.status(), ssrf.body());
        assertEquals("pending", f.call("GET", "/compliance/dsr/" + id, manager, null).json().get("status").asText());

        try (HttpReceiver bucket = new HttpReceiver()) {
            bucket.respond(r -> HttpReceiver.Reply.of(403));
            var refused = f.call("POST", "/compliance/dsr/" + id + "/fulfill", manager,
                    Map.of("output_artifact_url", bucket.url("/bucket/export.json?X-Amz-Signature=expired")));
            assertEquals(502, refused.status(), refused.body());
            assertEquals("upload_failed", refused.json().get("error").asText());
            JsonNode pending = f.call("GET", "/compliance/dsr/" + id, manager, null).json();
            assertEquals("pending", pending.get("status").asText());
            assertTrue(pending.get("evidence").get("last_error").asText().contains("403"));

            bucket.respond(r -> HttpReceiver.Reply.of(200));
            var uploaded = f.call("POST", "/compliance/dsr/" + id + "/fulfill", manager,
                    Map.of("output_artifact_url", bucket.url("/bucket/export.json?X-Amz-Signature=fresh")));
            assertEquals(200, uploaded.status(), uploaded.body());
            assertEquals("uploaded", uploaded.json().get("artifact").get("state").asText());
            HttpReceiver.Request put = bucket.await(r -> r.path().startsWith("/bucket/export.json") && r.text().contains("\"format\""), 10_000);
            assertNotNull(put);
            assertEquals("PUT", put.method());
            assertEquals("application/json", put.header("Content-Type"));
            assertValid(put.text());
            assertEquals(gus.id(), Json.MAPPER.readTree(put.body()).get("users").get(0).get("id").asText());
            assertEquals(410, Json.get(f.api("/compliance/dsr/" + id + "/artifact"), manager).status(), "an uploaded bundle is not kept");
        }

        String deletion = f.createDsr(manager, "deletion", gus.email()).get("dsr_id").asText();
        var wrongType = f.call("POST", "/compliance/dsr/" + deletion + "/fulfill", manager, Map.of("output_artifact_url", "https://example.com/x"));
        assertEquals(400, wrongType.status());
    }
}
