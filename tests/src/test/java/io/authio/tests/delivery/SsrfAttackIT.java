package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * SSRF through deliveries, tried as a hostile tenant administrator (and as an API key holder with the
 * {@code webhooks} scope) against a server whose operator lets realms allowlist loopback only
 * ({@link AuthioServerConfig#LOOPBACK}): the realm's allowlist lives inside the operator's ceiling, is written
 * only through Authio's validated API, internal answers are not kept, and plain syslog is checked at send time.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class SsrfAttackIT {

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
            realm = Realms.importDemoAs(admin, urls, "authio-ssrf-attack");
            receiver = new HttpReceiver();
        }
        receiver.respond(r -> HttpReceiver.Reply.of(200));
        api = new Deliveries(realm);
        api.disableAll();
        api.allowLoopback();
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        realm = null;
    }

    @Test
    void aRealmAdministratorCannotAllowlistNetworksTheOperatorDidNotList() {
        for (String network : List.of("0.0.0.0/0", "169.254.0.0/16", "169.254.169.254/32", "10.0.0.0/8", "192.168.0.0/16",
                "::/0", "::1/128", "fe80::/10", "127.0.0.0/7")) {
            var r = api.call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of(network)));
            assertEquals(400, r.status(), network + " -> " + r.body());
            assertEquals("invalid_request", r.json().get("error").asText());
        }
        assertEquals(List.of("127.0.0.1/32"), networks(api.call("GET", "/delivery-settings", null).json()),
                "a refused change leaves the allowlist as it was");
        var inside = api.call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of("127.0.0.0/8")));
        assertEquals(200, inside.status(), "networks inside the operator's ceiling are accepted: " + inside.body());
    }

    @Test
    void anApiKeyWithTheWebhooksScopeCannotWidenTheAllowlistEither() {
        String clientId = "ssrf-key-" + System.nanoTime();
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setEnabled(true);
        c.setPublicClient(false);
        c.setServiceAccountsEnabled(true);
        c.setStandardFlowEnabled(false);
        try (Response created = realm.admin().clients().create(c)) {
            assertEquals(201, created.getStatus());
        }
        String id = realm.admin().clients().findByClientId(clientId).get(0).getId();
        String saUser = realm.admin().clients().get(id).getServiceAccountUser().getId();
        ClientRepresentation rm = realm.admin().clients().findByClientId("realm-management").get(0);
        RoleRepresentation manageRealm = realm.admin().clients().get(rm.getId()).roles().get("manage-realm").toRepresentation();
        realm.admin().users().get(saUser).roles().clientLevel(rm.getId()).add(List.of(manageRealm));
        var issued = api.call("POST", "/api-keys", Map.of("name", "ssrf", "scopes", List.of("webhooks"), "client_id", clientId));
        assertEquals(201, issued.status(), issued.body());
        String key = issued.json().get("key").asText();

        var wide = Json.send("PUT", api.api("/delivery-settings"), key, "{\"allowed_networks\":[\"0.0.0.0/0\"]}");
        assertEquals(400, wide.status(), wide.body());
        var metadata = Json.send("PUT", api.api("/delivery-settings"), key, "{\"allowed_networks\":[\"169.254.169.254/32\"]}");
        assertEquals(400, metadata.status(), metadata.body());
    }

    @Test
    void theRealmApiCannotWriteTheDeliveryAllowlist() {
        RealmRepresentation rep = realm.admin().toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.put("authio.delivery.allowed-networks", "0.0.0.0/0,::/0");
        rep.setAttributes(attributes);
        realm.admin().update(rep); // Keycloak's realm API accepts any attribute: it must not reach Authio's guard

        for (String url : List.of("https://10.20.30.40/hook", "https://169.254.169.254/latest/meta-data/", "https://[fd00::1]/hook")) {
            var r = api.call("POST", "/webhooks", Map.of("url", url, "event_types", List.of("*")));
            assertEquals(400, r.status(), url + " -> " + r.body());
        }
        assertEquals(List.of("127.0.0.1/32"), networks(api.call("GET", "/delivery-settings", null).json()));
    }

    @Test
    void ipv6AddressesThatEmbedAnIpv4AddressAreNotPublic() {
        for (String url : List.of("https://[::7f00:1]/", "https://[::a00:1]/", "https://[2002:7f00:1::1]/",
                "https://[2002:a9fe:a9fe::1]/", "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "https://[64:ff9b::a9fe:a9fe]/")) {
            var r = api.call("POST", "/webhooks", Map.of("url", url, "event_types", List.of("*")));
            assertEquals(400, r.status(), url + " -> " + r.body());
        }
    }

    @Test
    void whatAnInternalDestinationAnswersIsNeverStored() throws Exception {
        String path = "/internal/" + System.nanoTime();
        String internal = "{\"error\":\"invalid_client\",\"detail\":\"internal-service-answer-" + System.nanoTime() + "\"}";
        receiver.respond(r -> r.path().equals(path) ? new HttpReceiver.Reply(500, Map.of("Content-Type", "application/json"), internal)
                : HttpReceiver.Reply.of(200));
        JsonNode hook = api.webhook(receiver.url(path), "webhook.test");
        String id = hook.get("id").asText();

        String deliveryId = api.call("POST", "/webhooks/" + id + "/test", null).json().get("delivery_id").asText();

        receiver.await(r -> r.path().equals(path), 10_000);
        Deliveries.await(() -> attemptLog(id, deliveryId).size() >= 1, 10_000, "an attempt");
        JsonNode attempt = attemptLog(id, deliveryId).get(0);
        assertEquals(500, attempt.get("status_code").asInt());
        assertTrue(attempt.get("response").isNull(), "the internal answer was kept: " + attempt);
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where DESTINATION_ID = ? and RESPONSE is not null", id));
    }

    @Test
    void aRedirectIsNeverFollowed() throws Exception {
        try (HttpReceiver inside = new HttpReceiver()) {
            String path = "/redirecting/" + System.nanoTime();
            receiver.respond(r -> r.path().equals(path) ? new HttpReceiver.Reply(307, Map.of("Location", inside.url("/internal")))
                    : HttpReceiver.Reply.of(200));
            String id = api.webhook(receiver.url(path), "webhook.test").get("id").asText();
            String deliveryId = api.call("POST", "/webhooks/" + id + "/test", null).json().get("delivery_id").asText();

            Deliveries.await(() -> attemptLog(id, deliveryId).size() >= 1, 10_000, "an attempt");
            assertEquals("redirect not followed (HTTP 307)", attemptLog(id, deliveryId).get(0).get("error").asText());
            Thread.sleep(500);
            assertTrue(inside.requests().isEmpty(), "the redirect target was never called");
        }
    }

    @Test
    void aPlainSyslogSinkIsCheckedAgainWhenItSends() throws Exception {
        try (TcpCounter tcp = new TcpCounter()) {
            JsonNode sink = api.sink(Map.of("type", "syslog", "url", "syslog+tcp://127.0.0.1:" + tcp.port(), "format", "json",
                    "event_types", List.of("siem.test")));
            String id = sink.get("id").asText();
            String first = api.call("POST", "/siem-sinks/" + id + "/test", null).json().get("delivery_id").asText();
            Deliveries.await(() -> tcp.bytes.get() > 0 && "delivered".equals(status(first)), 10_000, "the first event over plain TCP");
            long received = tcp.bytes.get();

            // The operator still allows loopback, but the realm no longer lists it: the open connection must not be reused.
            assertEquals(200, api.call("PUT", "/delivery-settings", Map.of("allowed_networks", List.of())).status());
            String second = api.call("POST", "/siem-sinks/" + id + "/test", null).json().get("delivery_id").asText();

            Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where OUTBOX_ID = ?", second) >= 1,
                    10_000, "an attempt of the second event");
            Thread.sleep(500);
            assertEquals(received, tcp.bytes.get(), "nothing more went over the plain connection");
            String error = String.valueOf(TestDb.query("select ERROR from AUTHIO_DELIVERY_ATTEMPT where OUTBOX_ID = ? order by ATTEMPT",
                    second).get(0).get("error"));
            assertTrue(error.startsWith("refused"), error);
        }
    }

    private String status(String outboxId) {
        return String.valueOf(TestDb.query("select STATUS from AUTHIO_OUTBOX where ID = ?", outboxId).get(0).get("status"));
    }

    private JsonNode attemptLog(String hookId, String deliveryId) {
        return api.call("GET", "/webhooks/" + hookId + "/deliveries/" + deliveryId, null).json().get("attempt_log");
    }

    private static List<String> networks(JsonNode settings) {
        return java.util.stream.StreamSupport.stream(settings.get("allowed_networks").spliterator(), false).map(JsonNode::asText).toList();
    }

    /** A plain TCP receiver on loopback that counts the bytes it reads. */
    static final class TcpCounter implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong bytes = new AtomicLong();

        TcpCounter() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread reader = new Thread(() -> {
                            try (InputStream in = s.getInputStream()) {
                                byte[] buf = new byte[8192];
                                int r;
                                while ((r = in.read(buf)) > 0) {
                                    bytes.addAndGet(r);
                                }
                            } catch (IOException closed) {
                                // the sender closed the connection
                            }
                        });
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
