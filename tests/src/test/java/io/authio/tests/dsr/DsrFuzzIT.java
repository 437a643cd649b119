package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.TestDb;

/** Hostile input: hundreds of malformed bodies and ids get 4xx JSON errors, never a 5xx, and write nothing. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrFuzzIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    static List<String> hostileBodies() {
        List<String> bodies = new ArrayList<>();
        String[] values = {"null", "true", "0", "-1", "1e308", "3.5", "\"\"", "\" \"", "[]", "{}", "[\"deletion\"]", "{\"a\":1}",
                "\"deletion\\u0000\"", "\"x\\u0007y@example.com\"", "\"" + "a".repeat(300) + "@example.com\"", "\"" + "x".repeat(70_000) + "\"",
                "\"'; drop table AUTHIO_DSR; --\"", "\"<script>alert(1)</script>@x.y\"", "\"a@b\"", "\"@example.com\"", "\"a@@example.com\"",
                "\"\\ud800\"", "\"${jndi:ldap://x/a}\"", "\"../../etc/passwd\"", "\"DELETION\"", "\"export \"", "99999999999999999999",
                "\"%00\"", "{\"$ne\":1}", "\"a@example.com\\r\\nX-Injected: 1\""};
        String[] fields = {"request_type", "user_email", "notes", "due_days"};
        // each field with each hostile value, next to otherwise valid fields
        java.util.Set<String> notesInvalid = java.util.Set.of("true", "0", "-1", "1e308", "3.5", "[]", "{}", "[\"deletion\"]", "{\"a\":1}",
                "\"deletion\\u0000\"", "\"x\\u0007y@example.com\"", "99999999999999999999", "{\"$ne\":1}",
                "\"" + "x".repeat(70_000) + "\"", "\"" + "n".repeat(2001) + "\"");
        for (String field : fields) {
            List<String> candidates = new ArrayList<>(List.of(values));
            if (field.equals("notes")) {
                candidates = new ArrayList<>(notesInvalid); // free text: only wrong types, control characters and oversize are invalid
            } else if (field.equals("user_email")) {
                candidates.remove("\"a@b\""); // a valid (if unusual) address
            } else if (field.equals("due_days")) {
                candidates.remove("null"); // absent: the 30-day default
            }
            for (String v : candidates) {
                StringBuilder b = new StringBuilder("{");
                for (String other : fields) {
                    if (other.equals(field)) {
                        b.append('"').append(other).append("\":").append(v);
                    } else if (other.equals("request_type")) {
                        b.append("\"request_type\":\"deletion\"");
                    } else if (other.equals("user_email")) {
                        b.append("\"user_email\":\"valid@example.com\"");
                    } else if (other.equals("notes")) {
                        b.append("\"notes\":\"ok\"");
                    } else {
                        b.append("\"due_days\":30");
                    }
                    b.append(',');
                }
                b.setLength(b.length() - 1);
                bodies.add(b.append('}').toString());
            }
        }
        // unknown fields, wrong top-level shapes, broken JSON
        for (String extra : new String[] {"\"id\":\"dsr_x\"", "\"status\":\"completed\"", "\"realm_id\":\"master\"", "\"__proto__\":{}",
                "\"USER_EMAIL\":\"a@b.co\"", "\"user_email \":\"a@b.co\"", "\"evidence\":{}"}) {
            bodies.add("{\"request_type\":\"deletion\",\"user_email\":\"valid@example.com\"," + extra + "}");
        }
        String[] broken = {"{", "}", "[", "{\"request_type\":", "{\"request_type\":\"deletion\",}", "{'request_type':'deletion'}",
                "request_type=deletion&user_email=a%40b.co", "<xml/>", "\u0000", "{\"request_type\":\"deletion\"}}", "[1,2,3]", "\"str\"",
                "42", "true", "null", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "{\"request_type\":\"deletion\",\"user_email\":\"a@b.co\"",
                "\uFEFF{}", "{\"request_type\":\"deletion\" \"user_email\":\"a@b.co\"}", "{\"request_type\":NaN}", "{\"due_days\":Infinity}"};
        bodies.addAll(List.of(broken));
        Random random = new Random(42);
        while (bodies.size() < 560) {
            byte[] junk = new byte[1 + random.nextInt(200)];
            random.nextBytes(junk);
            bodies.add(random.nextBoolean() ? new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : "{\"request_type\":\"deletion\",\"user_email\":\"" + Integer.toHexString(random.nextInt()) + "\",\"due_days\":" + (random.nextInt(400) - 200) + "}");
        }
        return bodies;
    }

    @Test
    void hundredsOfHostileBodiesGet4xxJsonErrorsNoServerErrorAndNoRows() {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-fuzz");
        f.realmAttribute("authio.dsr.requests-per-minute", "100000");
        f.realmAttribute("authio.dsr.requests-per-minute-per-ip", "100000");
        String manager = f.tokenWith("manager", "manage-users", "view-users");
        // no allowlisted networks here: loopback and private upload destinations are refused (400)
        assertEquals(200, f.call("PUT", "/delivery-settings", f.adminToken, java.util.Map.of("allowed_networks", List.of())).status());
        String existing = f.createDsr(manager, "export", "target@example.test").get("dsr_id").asText();
        long rowsBefore = TestDb.count("select count(*) from AUTHIO_DSR");
        long chunksBefore = TestDb.count("select count(*) from AUTHIO_DSR_ARTIFACT");

        List<String> bodies = hostileBodies();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String body : bodies) {
            for (String contentType : new String[] {"application/json", "application/x-www-form-urlencoded"}) {
                check(f, "POST", "/compliance/dsr", manager, body, contentType, failures);
                sent++;
            }
        }
        // fulfill and cancel bodies: unknown fields, wrong types, bad URLs
        String[] fulfillBodies = {"{\"output_artifact_url\":1}", "{\"output_artifact_url\":\"ftp://x/y\"}", "{\"output_artifact_url\":\"javascript:alert(1)\"}",
                "{\"output_artifact_url\":\"http://169.254.169.254/\"}", "{\"output_artifact_url\":\"http://[::1]/\"}", "{\"output_artifact_url\":\"https://u:p@x.example/\"}",
                "{\"output_artifact_url\":\"" + "h".repeat(5000) + "\"}", "{\"force\":true}", "[]", "{", "{\"output_artifact_url\":\"http://10.0.0.1/x\"}",
                "{\"output_artifact_url\":\"http://localhost:9000/metrics\"}", "{\"output_artifact_url\":\"https:///nohost\"}"};
        for (String body : fulfillBodies) {
            check(f, "POST", "/compliance/dsr/" + existing + "/fulfill", manager, body, "application/json", failures);
            check(f, "POST", "/compliance/dsr/" + existing + "/cancel", manager, body.equals("[]") ? "[1]" : body, "application/json", failures);
            sent += 2;
        }
        for (String id : new String[] {"dsr_x", "dsr_../../admin", "1%27%20or%201=1", "dsr_00000000-0000-7000-8000-000000000000", "%00", "DSR_" + existing.substring(4)}) {
            check(f, "GET", "/compliance/dsr/" + id, manager, null, null, failures);
            check(f, "POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}", "application/json", failures);
            sent += 2;
        }
        for (String q : new String[] {"?limit=-1", "?limit=abc", "?cursor=%25%25%25", "?cursor=YWJj", "?status=pending'--", "?overdue=yes", "?type=x%27", "?limit=999999999999"}) {
            check(f, "GET", "/compliance/dsr" + q, manager, null, null, failures);
            sent++;
        }
        assertTrue(sent >= 500, "sent " + sent);
        assertEquals(List.of(), failures, "every hostile request got a 4xx JSON error");
        assertEquals(rowsBefore, TestDb.count("select count(*) from AUTHIO_DSR"), "no request rows written");
        assertEquals(chunksBefore, TestDb.count("select count(*) from AUTHIO_DSR_ARTIFACT"));
        assertEquals("pending", f.raw("GET", "/compliance/dsr/" + existing, manager, null).json().get("status").asText());
    }

    private static void check(DsrFixture f, String method, String path, String token, String body, String contentType, List<String> failures) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.api(path))).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        Json.Reply r;
        try {
            r = Json.send(b.build());
        } catch (RuntimeException e) {
            failures.add(method + " " + path + " " + abbreviate(body) + ": " + e);
            return;
        }
        if (r.status() < 400 || r.status() >= 500) {
            failures.add(method + " " + path + " " + abbreviate(body) + " -> " + r.status() + " " + abbreviate(r.body()));
            return;
        }
        try {
            JsonNode json = r.json();
            if (!json.hasNonNull("error") || !json.has("error_description")) {
                failures.add(method + " " + path + " " + abbreviate(body) + " -> not an error object: " + abbreviate(r.body()));
            }
        } catch (AssertionError notJson) {
            failures.add(method + " " + path + " " + abbreviate(body) + " -> " + r.status() + " not JSON: " + abbreviate(r.body()));
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
