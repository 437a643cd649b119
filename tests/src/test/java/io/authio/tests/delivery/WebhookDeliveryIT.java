package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.json.Json;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;
import io.authio.webhooks.WebhookVerifier;

/** Signed webhooks from the outbox: delivery, retries, Retry-After, 410, dead letters, replay, rotation, SSRF. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class WebhookDeliveryIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static HttpReceiver receiver;
    private Deliveries api;

    @BeforeEach
    void setUp() throws Exception {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-webhooks-it");
        }
        if (receiver == null) {
            receiver = new HttpReceiver();
        }
        receiver.respond(r -> HttpReceiver.Reply.of(200));
        api = new Deliveries(realm);
        api.disableAll();
        api.allowLoopback();
    }

    @AfterAll
    static void closeReceiver() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        if (realm != null) {
            try {
                realm.admin().remove();
            } catch (RuntimeException alreadyClosed) {
                // the server or admin client is already gone at the end of the run
            }
            realm = null;
        }
    }

    private Oidc oidc() {
        return new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
    }

    @Test
    void aLoginArrivesAsASignedStandardWebhookThatTheVerifierAccepts() throws Exception {
        String path = "/hook/" + System.nanoTime();
        JsonNode hook = api.webhook(receiver.url(path), "user.login.*");
        String secret = hook.get("secret").asText();
        assertTrue(secret.startsWith("whsec_"));
        Users.Created user = Users.create(realm.admin(), "hooked");

        assertTrue(oidc().login(user.username(), Users.PASSWORD).succeeded());

        HttpReceiver.Request request = receiver.await(r -> r.path().equals(path), 10_000);
        assertDoesNotThrow(() -> new WebhookVerifier(secret).verify(request.headers(), request.body()));
        JsonNode body = Json.read(request.text());
        assertEquals("user.login.succeeded", body.get("type").asText());
        assertEquals(user.id(), body.get("data").get("user_id").asText());
        assertEquals(user.email(), body.get("data").get("metadata").get("user_email").asText());
        assertEquals(body.get("data").get("occurred_at").asText(), body.get("timestamp").asText());
        assertTrue(request.header("webhook-id").startsWith("msg_"));
        assertEquals("application/json", request.header("content-type"));

        String outboxId = TestDb.query("select ID from AUTHIO_OUTBOX where DESTINATION_ID = ?", hook.get("id").asText())
                .get(0).get("id").toString();
        Deliveries.await(() -> "delivered".equals(TestDb.query("select STATUS from AUTHIO_OUTBOX where ID = ?", outboxId).get(0).get("status")),
                5_000, "the delivery to be marked delivered");
        assertEquals("msg_" + outboxId.replace("-", ""), request.header("webhook-id"));
        var attempts = TestDb.query("select * from AUTHIO_DELIVERY_ATTEMPT where OUTBOX_ID = ?", outboxId);
        assertEquals(1, attempts.size());
        assertEquals(200, attempts.get(0).get("status_code"));
        assertEquals(true, attempts.get(0).get("succeeded"));
        assertThrows(WebhookVerifier.WebhookVerificationException.class,
                () -> new WebhookVerifier(secret).verify(request.headers(), (request.text() + " ").getBytes()));
    }

    @Test
    void serverErrorsAreRetriedWithTheSameIdUntilTheReceiverAccepts() throws Exception {
        String path = "/flaky/" + System.nanoTime();
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(r -> r.path().equals(path) && calls.incrementAndGet() <= 2 ? HttpReceiver.Reply.of(500) : HttpReceiver.Reply.of(200));
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");

        var test = api.call("POST", "/webhooks/" + hook.get("id").asText() + "/test", null);
        assertEquals(202, test.status(), test.body());
        String deliveryId = test.json().get("delivery_id").asText();

        List<HttpReceiver.Request> requests = receiver.awaitCount(r -> r.path().equals(path), 3, 15_000);
        assertEquals(1, requests.stream().map(r -> r.header("webhook-id")).distinct().count(), "one stable id across retries");
        Deliveries.await(() -> "delivered".equals(delivery(hook, deliveryId).get("status").asText()), 5_000, "delivered");
        JsonNode detail = delivery(hook, deliveryId);
        assertEquals(3, detail.get("attempts").asInt());
        List<Integer> codes = java.util.stream.StreamSupport.stream(detail.get("attempt_log").spliterator(), false)
                .map(a -> a.get("status_code").asInt()).toList();
        assertEquals(List.of(500, 500, 200), codes);
        assertTrue(requests.get(1).receivedAt() - requests.get(0).receivedAt() >= 800, "the schedule's 1 s (±10%) delay was kept");
    }

    @Test
    void aRetryAfterLongerThanTheScheduleIsHonoured() throws Exception {
        String path = "/busy/" + System.nanoTime();
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(r -> r.path().equals(path) && calls.incrementAndGet() == 1
                ? new HttpReceiver.Reply(429, Map.of("Retry-After", "4")) : HttpReceiver.Reply.of(200));
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");

        api.call("POST", "/webhooks/" + hook.get("id").asText() + "/test", null);

        List<HttpReceiver.Request> requests = receiver.awaitCount(r -> r.path().equals(path), 2, 15_000);
        long gap = requests.get(1).receivedAt() - requests.get(0).receivedAt();
        assertTrue(gap >= 3_900, "waited as asked (4 s), not the schedule's 1 s: " + gap + " ms");
    }

    @Test
    void aReceiverOutageIsBridgedByRetries() throws Exception {
        HttpReceiver down = new HttpReceiver();
        int port = down.port();
        down.close(); // nothing listens on the port now
        JsonNode hook = api.webhook("http://127.0.0.1:" + port + "/outage", "webhook.test");
        api.call("POST", "/webhooks/" + hook.get("id").asText() + "/test", null);
        Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where DESTINATION_ID = ?",
                hook.get("id").asText()) >= 1, 10_000, "a failed attempt");

        try (HttpReceiver back = new HttpReceiver(port)) {
            HttpReceiver.Request r = back.await(x -> x.path().equals("/outage"), 15_000);
            assertNotNull(r.header("webhook-signature"));
        }
        var attempts = TestDb.query("select SUCCEEDED, ERROR from AUTHIO_DELIVERY_ATTEMPT where DESTINATION_ID = ? order by ATTEMPT",
                hook.get("id").asText());
        assertEquals(false, attempts.get(0).get("succeeded"));
        assertTrue(String.valueOf(attempts.get(0).get("error")).contains("Connect"), attempts.toString());
    }

    @Test
    void a410GoneDisablesTheEndpointAndTheAuditLogSaysSo() throws Exception {
        String path = "/gone/" + System.nanoTime();
        receiver.respond(r -> r.path().equals(path) ? HttpReceiver.Reply.of(410) : HttpReceiver.Reply.of(200));
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");
        String id = hook.get("id").asText();

        api.call("POST", "/webhooks/" + id + "/test", null);

        Deliveries.await(() -> !api.call("GET", "/webhooks/" + id, null).json().get("enabled").asBoolean(), 10_000, "disabled");
        JsonNode endpoint = api.call("GET", "/webhooks/" + id, null).json();
        assertTrue(endpoint.get("disabled_reason").asText().contains("410"));
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'webhook.endpoint.disabled' "
                + "and METADATA like ?", realm.getId(), "%" + id + "%"));
        assertEquals(409, api.call("POST", "/webhooks/" + id + "/test", null).status(), "a disabled endpoint gets no test events");
    }

    @Test
    void deadLettersAreListedAndCanBeReplayed() throws Exception {
        String path = "/dead/" + System.nanoTime();
        AtomicInteger mode = new AtomicInteger(500);
        receiver.respond(r -> r.path().equals(path) ? HttpReceiver.Reply.of(mode.get()) : HttpReceiver.Reply.of(200));
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");
        String id = hook.get("id").asText();
        String deliveryId = api.call("POST", "/webhooks/" + id + "/test", null).json().get("delivery_id").asText();
        int attempts = AuthioServerConfig.DELIVERY_RETRY_SCHEDULE.split(",").length;

        Deliveries.await(() -> "dead".equals(delivery(hook, deliveryId).get("status").asText()), 20_000, "dead-lettered");
        assertEquals(attempts, receiver.requests().stream().filter(r -> r.path().equals(path)).count());
        JsonNode dead = api.call("GET", "/webhooks/" + id + "/deliveries?status=dead", null).json().get("data");
        assertEquals(1, dead.size());
        assertEquals(deliveryId, dead.get(0).get("id").asText());

        mode.set(200);
        var replay = api.call("POST", "/webhooks/" + id + "/deliveries/" + deliveryId + "/replay", null);
        assertEquals(202, replay.status(), replay.body());

        Deliveries.await(() -> "delivered".equals(delivery(hook, deliveryId).get("status").asText()), 10_000, "delivered after replay");
        Set<String> ids = receiver.requests().stream().filter(r -> r.path().equals(path)).map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), "the replay keeps the message id so receivers can deduplicate");
        assertEquals(409, api.call("POST", "/webhooks/" + id + "/deliveries/" + deliveryId + "/replay", null).status());
    }

    @Test
    void messagesWhoseEndpointWasDisabledOrWhoseEventIsGoneAreDeadLetteredWithTheReason() throws Exception {
        String path = "/orphans/" + System.nanoTime();
        String enabled = api.webhook(receiver.url(path), "webhook.test").get("id").asText();
        String disabled = api.webhook(receiver.url(path), "webhook.test").get("id").asText();
        // Disabled behind the API's back, as when another node disabled it while these messages were already written.
        TestDb.update("update AUTHIO_DESTINATION set ENABLED = false where ID = ?", disabled);
        String eventId = TestDb.query("select ID from AUTHIO_AUDIT_EVENT where REALM_ID = ? order by OCCURRED_AT desc", realm.getId())
                .get(0).get("id").toString();
        String forDisabled = pendingMessage(disabled, eventId);
        String forMissingEvent = pendingMessage(enabled, java.util.UUID.randomUUID().toString());

        Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_OUTBOX where ID in (?, ?) and STATUS = 'dead'",
                forDisabled, forMissingEvent) == 2, 10_000, "both messages dead-lettered");
        assertEquals("destination disabled", TestDb.query("select LAST_ERROR from AUTHIO_OUTBOX where ID = ?", forDisabled).get(0).get("last_error"));
        assertEquals("event no longer exists", TestDb.query("select LAST_ERROR from AUTHIO_OUTBOX where ID = ?", forMissingEvent).get(0).get("last_error"));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where OUTBOX_ID in (?, ?)", forDisabled, forMissingEvent),
                "nothing was attempted");
        assertTrue(receiver.requests().stream().noneMatch(r -> r.path().equals(path)), "nothing was sent");
    }

    /** Writes a due outbox message directly, as the audit listener would. */
    private static String pendingMessage(String destinationId, String eventId) {
        String id = java.util.UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        TestDb.update("insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, "
                + "CREATED_AT) values (?, ?, ?, ?, 'webhook.test', 'pending', 0, ?, ?)", id, realm.getId(), destinationId, eventId, now, now);
        return id;
    }

    @Test
    void anEndpointFailingLongerThanTheLimitIsDisabled() throws Exception {
        String path = "/failing/" + System.nanoTime();
        receiver.respond(r -> r.path().equals(path) ? HttpReceiver.Reply.of(503) : HttpReceiver.Reply.of(200));
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");
        String id = hook.get("id").asText();

        long start = System.currentTimeMillis();
        while (api.call("GET", "/webhooks/" + id, null).json().get("enabled").asBoolean()) {
            assertTrue(System.currentTimeMillis() - start < 40_000, "not disabled after 40 s of failures");
            api.call("POST", "/webhooks/" + id + "/test", null);
            Thread.sleep(2_000);
        }
        JsonNode endpoint = api.call("GET", "/webhooks/" + id, null).json();
        assertTrue(endpoint.get("disabled_reason").asText().contains("failed continuously"), endpoint.toString());
        assertTrue(System.currentTimeMillis() - start >= 15_000, "not before the configured 15 s");
    }

    @Test
    void duringASecretRotationBothSecretsSign() throws Exception {
        String path = "/rotate/" + System.nanoTime();
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");
        String id = hook.get("id").asText();
        String oldSecret = hook.get("secret").asText();

        var rotated = api.call("POST", "/webhooks/" + id + "/rotate-secret", Map.of("grace_period_seconds", 3600));
        assertEquals(200, rotated.status(), rotated.body());
        String newSecret = rotated.json().get("secret").asText();
        assertFalse(newSecret.equals(oldSecret));
        assertNotNull(rotated.json().get("previous_secret_expires_at").asText());
        api.call("POST", "/webhooks/" + id + "/test", null);

        HttpReceiver.Request r = receiver.await(x -> x.path().equals(path), 10_000);
        assertEquals(2, r.header("webhook-signature").split(" ").length);
        assertDoesNotThrow(() -> new WebhookVerifier(oldSecret).verify(r.headers(), r.body()));
        assertDoesNotThrow(() -> new WebhookVerifier(newSecret).verify(r.headers(), r.body()));

        api.call("POST", "/webhooks/" + id + "/rotate-secret", Map.of("grace_period_seconds", 0));
        String newest = api.call("GET", "/webhooks/" + id, null).json().toString();
        assertTrue(newest.contains("\"previous_secret_expires_at\":null"), newest);
    }

    @Test
    void internalDestinationsAreRefusedUnlessAllowlisted() {
        api.call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of()));
        for (String url : List.of("http://127.0.0.1:9/x", "https://127.0.0.1/x", "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.1/", "https://[::1]/", "https://localhost/", "ftp://127.0.0.1/", "not a url")) {
            var r = api.call("POST", "/webhooks", Map.of("url", url, "event_types", List.of("*")));
            assertEquals(400, r.status(), url + " -> " + r.body());
            assertEquals("invalid_request", r.json().get("error").asText());
        }
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ? and URL like '%169.254%'", realm.getId()));
    }

    @Test
    void aDestinationThatBecameInternalIsRefusedAtSendTime() throws Exception {
        String path = "/late-refusal/" + System.nanoTime();
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");
        api.call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of()));

        String deliveryId = api.call("POST", "/webhooks/" + hook.get("id").asText() + "/test", null).json().get("delivery_id").asText();

        Deliveries.await(() -> delivery(hook, deliveryId).get("attempt_log").size() >= 1, 10_000, "an attempt");
        assertTrue(delivery(hook, deliveryId).get("attempt_log").get(0).get("error").asText().startsWith("refused"));
        assertTrue(receiver.requests().stream().noneMatch(r -> r.path().equals(path)), "no request left the server");
    }

    @Test
    void aLoginSucceedsWhileTheWebhookReceiverHangs() throws Exception {
        String path = "/hang/" + System.nanoTime();
        receiver.respond(r -> r.path().equals(path) ? null : HttpReceiver.Reply.of(200));
        api.webhook(receiver.url(path), "user.login.*");
        Users.Created user = Users.create(realm.admin(), "patient");

        for (int i = 0; i < 3; i++) {
            assertTrue(oidc().login(user.username(), Users.PASSWORD).succeeded());
        }
        receiver.awaitCount(r -> r.path().equals(path), 1, 10_000);
    }

    @Test
    void refusalsKeycloakAnswersBeforeAuthioRunsCarryAuthiosErrorShape() {
        var noToken = io.authio.tests.support.Json.get(api.api("/webhooks"), null);
        assertErrorShape(noToken, 401, "unauthorized");
        assertEquals("Bearer", noToken.header("WWW-Authenticate"), "a bearer challenge, as on Authio's own 401s");
        assertErrorShape(io.authio.tests.support.Json.get(api.api("/webhooks"), "not-a-token"), 401, "unauthorized");

        var unknownRealm = io.authio.tests.support.Json.get(api.api("/webhooks").replace("/realms/" + realm.name() + "/",
                "/realms/no-such-realm-" + System.nanoTime() + "/"), api.adminToken);
        assertErrorShape(unknownRealm, 404, "not_found");

        var textBody = io.authio.tests.support.Json.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.api("/webhooks")))
                .header("Authorization", "Bearer " + api.adminToken).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("url=http://127.0.0.1/")).build());
        assertErrorShape(textBody, 415, "unsupported_media_type");

        // Authio's own refusals are left as they are.
        var missing = api.call("GET", "/webhooks/00000000-0000-7000-8000-000000000000", null);
        assertErrorShape(missing, 404, "not_found");
        assertEquals("no such webhook endpoint in this realm", missing.json().get("error_description").asText());
    }

    private static void assertErrorShape(io.authio.tests.support.Json.Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("application/json"), reply.body());
        JsonNode body = reply.json();
        assertEquals(error, body.get("error").asText(), reply.body());
        assertTrue(body.hasNonNull("error_description") && !body.get("error_description").asText().isBlank(), reply.body());
        assertFalse(body.get("error_description").asText().startsWith("HTTP "), reply.body());
    }

    @Test
    void malformedOrUnauthorizedRequestsAreRefusedWithoutWrites() {
        long before = TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ?", realm.getId());
        for (String body : List.of("{", "[]", "\"x\"", "{\"url\": 5, \"event_types\": [\"*\"]}",
                "{\"url\": \"http://127.0.0.1/\", \"event_types\": \"*\"}", "{\"url\": \"http://127.0.0.1/\"}",
                "{\"url\": \"http://127.0.0.1/\", \"event_types\": [\"USER.*\"]}",
                "{\"url\": \"http://127.0.0.1/\", \"event_types\": [\"*\"], \"secret\": \"whsec_mine\"}",
                "{\"url\": \"http://127.0.0.1/" + "a".repeat(3000) + "\", \"event_types\": [\"*\"]}",
                "{\"url\": \"http://127.0.0.1/\", \"event_types\": [\"*\"], \"description\": \"<script>" + "x".repeat(300) + "\"}")) {
            var r = io.authio.tests.support.Json.send("POST", api.api("/webhooks"), api.adminToken, body);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertNotNull(r.json().get("error_description"));
        }
        assertEquals(before, TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ?", realm.getId()));

        Users.Created viewer = Users.create(realm.admin(), "viewer");
        Users.grantRealmManagement(realm.admin(), viewer.id(), "view-realm");
        String viewerToken = Users.adminCliToken(realm.getBaseUrl(), viewer.username());
        assertEquals(200, io.authio.tests.support.Json.get(api.api("/webhooks"), viewerToken).status());
        var denied = io.authio.tests.support.Json.send("POST", api.api("/webhooks"), viewerToken,
                "{\"url\": \"http://127.0.0.1/\", \"event_types\": [\"*\"]}");
        assertEquals(403, denied.status(), denied.body());
        assertEquals(404, api.call("GET", "/webhooks/00000000-0000-7000-8000-000000000000", null).status());
        String listing = api.call("GET", "/webhooks", null).body();
        assertFalse(listing.contains("whsec_"), "secrets are shown once, never listed");
    }

    private JsonNode delivery(JsonNode hook, String deliveryId) {
        return api.call("GET", "/webhooks/" + hook.get("id").asText() + "/deliveries/" + deliveryId, null).json();
    }
}
