package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.DbScan;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.webhooks.WebhookVerifier;

/**
 * Webhook secrets and SIEM credentials live only sealed (key management): no column holds them in the
 * clear, and a data key rotation with re-seal moves them to the new key without breaking deliveries.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DeliverySecretsIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static HttpReceiver receiver;

    @AfterAll
    static void cleanUp() {
        if (receiver != null) {
            receiver.close();
        }
        if (realm != null) {
            try {
                realm.admin().remove();
            } catch (RuntimeException alreadyClosed) {
                // the server is already gone at the end of the run
            }
        }
    }

    @Test
    void secretsAreStoredOnlySealedAndFollowADataKeyRotation() throws Exception {
        realm = Realms.importDemoAs(admin, urls, "authio-delivery-secrets-it");
        receiver = new HttpReceiver();
        receiver.respond(r -> HttpReceiver.Reply.of(200));
        Deliveries api = new Deliveries(realm);
        api.allowLoopback();
        String path = "/sealed/" + System.nanoTime();
        JsonNode hook = api.webhook(receiver.url(path), "*");
        String secret = hook.get("secret").asText();
        String credential = "siem-credential-" + System.nanoTime();
        JsonNode sink = api.sink(Map.of("type", "http", "url", receiver.url("/sink"), "format", "json", "encoding", "ndjson",
                "event_types", List.of("never.*"), "credential", credential));

        Map<String, String> stored = sealedColumns(hook.get("id").asText(), sink.get("id").asText());
        stored.values().forEach(v -> assertTrue(v.startsWith("v1."), "sealed format: " + v));
        DbScan.Result scan = DbScan.scan(Map.of("webhook secret", secret, "webhook secret key", secret.substring("whsec_".length()),
                "sink credential", credential), Map.of());
        assertEquals(List.of(), scan.hits(), "plaintext secret found in the database");
        assertTrue(scan.tablesScanned().contains("authio_destination"), scan.tablesScanned().toString());
        DbScan.Result controls = DbScan.scan(stored, Map.of());
        assertEquals(stored.size(), controls.hits().stream().map(DbScan.Hit::needle).distinct().count(), controls.hits().toString());

        int before = version(stored.get("webhook"));
        var rotated = api.call("POST", "/keys/data-key/rotate", Map.of("reseal", true));
        assertEquals(200, rotated.status(), rotated.body());

        Map<String, String> resealed = sealedColumns(hook.get("id").asText(), sink.get("id").asText());
        assertTrue(version(resealed.get("webhook")) > before, "webhook secret re-sealed under the new data key");
        assertTrue(version(resealed.get("sink")) > before, "sink credential re-sealed under the new data key");
        var sent = api.call("POST", "/webhooks/" + hook.get("id").asText() + "/test", null);
        assertTrue(sent.status() / 100 == 2, sent.body());
        HttpReceiver.Request request = receiver.await(r -> r.path().equals(path), 10_000);
        assertDoesNotThrow(() -> new WebhookVerifier(secret).verify(request.headers(), request.body()),
                "the re-sealed secret still signs with the same value");
    }

    private Map<String, String> sealedColumns(String hookId, String sinkId) {
        String hookSecret = (String) TestDb.query("select SECRET from AUTHIO_DESTINATION where ID = ?", hookId).get(0).get("secret");
        String sinkSecret = (String) TestDb.query("select SECRET from AUTHIO_DESTINATION where ID = ?", sinkId).get(0).get("secret");
        return Map.of("webhook", hookSecret, "sink", sinkSecret);
    }

    private static int version(String sealed) {
        return Integer.parseInt(sealed.split("\\.")[1]);
    }
}
