package io.authio.tests.containers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.webhooks.WebhookVerifier;

/**
 * The image built from docker/Dockerfile, started by the container tier as production runs it: {@code start
 * --optimized --import-realm} (the image's own command), {@code keycloak.conf} as shipped, TLS with the
 * certificate from docker/init.sh, the KEK keystore and vault mounted, PostgreSQL.
 */
class ImageIT {

    static String url;
    static String management;
    static Keycloak admin;

    @BeforeAll
    static void tier() {
        url = Tier.setting(ImageIT.class, "url");
        management = Tier.setting(ImageIT.class, "management-url");
        admin = Tier.admin(url, Tier.setting(ImageIT.class, "admin-password"));
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        Json.Reply ready = Json.get(management + "/health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        assertEquals("UP", ready.json().get("status").asText());
        Json.Reply metrics = Json.get(management + "/metrics", null, "text/plain");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "Prometheus metrics on the management port");
        // the public HTTPS port does not serve them
        assertEquals(404, Json.get(url + "/health/ready", null).status());
        assertEquals(404, Json.get(url + "/metrics", null, "text/plain").status());
    }

    @Test
    void theDemoRealmIsImportedWithAuthiosListenersAndTheHostnameIsTheHttpsOne() {
        JsonNode discovery = Json.get(url + "/realms/" + Tier.REALM + "/.well-known/openid-configuration", null).json();
        assertEquals(url + "/realms/" + Tier.REALM, discovery.get("issuer").asText());
        var realm = admin.realm(Tier.REALM).toRepresentation();
        assertTrue(realm.getEventsListeners().contains("authio-audit"), realm.getEventsListeners().toString());
    }

    @Test
    void anAuthorizationCodeLoginWithPkceOverHttpsIsInTheAuditLog() {
        Tier.Login login = Tier.login(admin, url);
        assertTrue(login.tokens().hasNonNull("id_token"));

        Json.Reply audit = Tier.authio(admin, url, "GET", "/audit-events?user_id=" + login.user().id()
                + "&type=user.login.succeeded", null);
        assertEquals(200, audit.status(), audit.body());
        JsonNode rows = audit.json().get("data");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(login.user().id(), rows.get(0).get("user_id").asText());
    }

    @Test
    void aLoginIsDeliveredToAReceiverOnTheHostAsAWebhookTheVerifierAccepts() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            String path = "/tier-hook/" + System.nanoTime();
            String secret = Tier.loginWebhook(admin, url, receiver, Tier.setting(ImageIT.class, "host-from-container"), path);

            Tier.Login login = Tier.login(admin, url);

            HttpReceiver.Request request = receiver.await(r -> r.path().equals(path), 30_000);
            assertDoesNotThrow(() -> new WebhookVerifier(secret).verify(request.headers(), request.body()));
            JsonNode body = Json.MAPPER.readTree(request.text());
            assertEquals("user.login.succeeded", body.get("type").asText());
            assertEquals(login.user().id(), body.get("data").get("user_id").asText());
        }
    }
}
