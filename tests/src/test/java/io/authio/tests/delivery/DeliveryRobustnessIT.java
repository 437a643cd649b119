package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.id.Uuid7;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestCa;
import io.authio.tests.support.TestDb;

/**
 * Delivery under conditions an operator or a hostile tenant creates: a destination that cannot be loaded for a
 * while, an HTTP sink behind a private CA, URLs carrying tokens, and one realm's hung endpoints next to another
 * realm's healthy one.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DeliveryRobustnessIT {

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
            realm = Realms.importDemoAs(admin, urls, "authio-delivery-robustness");
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
    void deliveriesOfADestinationThatCannotBeLoadedStayPendingAndGoOutOnceItCan() throws Exception {
        String hookPath = "/unloadable/" + System.nanoTime();
        String sinkPath = "/unloadable-sink/" + System.nanoTime();
        String hook = api.webhook(receiver.url(hookPath), "webhook.test").get("id").asText();
        String sink = api.sink(Map.of("type", "http", "url", receiver.url(sinkPath), "event_types", List.of("siem.test"))).get("id").asText();
        // A sealed secret that cannot be opened (as while the KEK is unavailable) and an options value that cannot be read.
        String secret = String.valueOf(TestDb.query("select SECRET from AUTHIO_DESTINATION where ID = ?", hook).get(0).get("secret"));
        String options = String.valueOf(TestDb.query("select OPTIONS from AUTHIO_DESTINATION where ID = ?", sink).get(0).get("options"));
        TestDb.update("update AUTHIO_DESTINATION set SECRET = ? where ID = ?", "v1.not-a-sealed-value", hook);
        TestDb.update("update AUTHIO_DESTINATION set OPTIONS = ? where ID = ?", "{\"facility\": ", sink);

        String toHook = api.call("POST", "/webhooks/" + hook + "/test", null).json().get("delivery_id").asText();
        String toSink = api.call("POST", "/siem-sinks/" + sink + "/test", null).json().get("delivery_id").asText();
        Thread.sleep(4_000); // the dispatcher has looked at both many times (poll every 200 ms)

        for (String id : List.of(toHook, toSink)) {
            Map<String, Object> row = TestDb.query("select STATUS, ATTEMPTS, LAST_ERROR from AUTHIO_OUTBOX where ID = ?", id).get(0);
            assertEquals("pending", row.get("status"), "a destination that cannot be loaded is not deleted: " + row);
            assertEquals(0, row.get("attempts"), "nothing was attempted: " + row);
            assertTrue(String.valueOf(row.get("last_error")).startsWith("destination could not be loaded"), row.toString());
        }
        assertTrue(receiver.requests().stream().noneMatch(r -> r.path().equals(hookPath) || r.path().equals(sinkPath)));

        TestDb.update("update AUTHIO_DESTINATION set SECRET = ? where ID = ?", secret, hook);
        TestDb.update("update AUTHIO_DESTINATION set OPTIONS = ? where ID = ?", options, sink);
        receiver.await(r -> r.path().equals(hookPath), 30_000);
        receiver.await(r -> r.path().equals(sinkPath), 30_000);
        Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_OUTBOX where ID in (?, ?) and STATUS = 'delivered'",
                toHook, toSink) == 2, 10_000, "both delivered once the destinations load again");
    }

    @Test
    void anHttpSinkTrustsTheCaItPinsAndNothingElse() throws Exception {
        TestCa ca = TestCa.create();
        try (HttpReceiver https = HttpReceiver.https(ca.serverTls())) {
            String pinnedPath = "/pinned/" + System.nanoTime();
            String pinned = api.sink(Map.of("type", "http", "url", https.url(pinnedPath), "format", "json",
                    "event_types", List.of("siem.test"), "tls_ca_pem", ca.caPem())).get("id").asText();
            String unpinnedPath = "/unpinned/" + System.nanoTime();
            String unpinned = api.sink(Map.of("type", "http", "url", https.url(unpinnedPath), "format", "json",
                    "event_types", List.of("siem.test"))).get("id").asText();

            String toPinned = api.call("POST", "/siem-sinks/" + pinned + "/test", null).json().get("delivery_id").asText();
            String toUnpinned = api.call("POST", "/siem-sinks/" + unpinned + "/test", null).json().get("delivery_id").asText();

            HttpReceiver.Request r = https.await(x -> x.path().equals(pinnedPath), 15_000);
            assertTrue(r.text().contains("siem.test"), r.text());
            Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_OUTBOX where ID = ? and STATUS = 'delivered'", toPinned) == 1,
                    10_000, "the pinned sink's delivery marked delivered");
            Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_DELIVERY_ATTEMPT where OUTBOX_ID = ?", toUnpinned) >= 1,
                    10_000, "an attempt to the sink without a pinned CA");
            String error = String.valueOf(TestDb.query("select ERROR from AUTHIO_DELIVERY_ATTEMPT where OUTBOX_ID = ? order by ATTEMPT",
                    toUnpinned).get(0).get("error"));
            assertTrue(error.contains("PKIX") || error.contains("certificat") || error.contains("SSL"), error);
            assertTrue(https.requests().stream().noneMatch(x -> x.path().equals(unpinnedPath)), "the JVM's trust store does not know the CA");
        }
    }

    @Test
    void urlsInAuditEventsCarryNeitherCredentialsNorQueryStrings() {
        String token = "tok" + System.nanoTime();
        String hook = api.webhook(receiver.url("/tokened") + "?token=" + token + "&x=1", "webhook.test").get("id").asText();
        assertEquals(200, api.call("PUT", "/webhooks/" + hook, Map.of("url", receiver.url("/tokened2") + "?sig=" + token)).status());
        assertEquals(200, api.call("POST", "/webhooks/" + hook + "/rotate-secret", Map.of()).status());
        api.sink(Map.of("type", "http", "url", receiver.url("/sink") + "?auth=" + token, "event_types", List.of("siem.test")));
        var withUserinfo = api.call("POST", "/siem-sinks", Map.of("type", "syslog", "url", "syslog+tcp://user:" + token + "@127.0.0.1:514",
                "event_types", List.of("*")));
        assertEquals(400, withUserinfo.status(), "credentials in a URL are refused for every kind: " + withUserinfo.body());

        List<Map<String, Object>> rows = TestDb.query("select TYPE, METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and "
                + "(TYPE like 'webhook.endpoint.%' or TYPE like 'siem.sink.%')", realm.getId());
        assertTrue(rows.size() >= 4, rows.toString());
        for (Map<String, Object> row : rows) {
            String metadata = String.valueOf(row.get("metadata"));
            assertFalse(metadata.contains(token), "an audit event carries the URL's token: " + row);
            assertFalse(metadata.contains("?"), "an audit event carries a query string: " + row);
        }
        assertTrue(rows.stream().anyMatch(r -> String.valueOf(r.get("metadata")).contains(receiver.url("/tokened") + "\"")),
                "the URL is still recorded, without its query: " + rows);
    }

    /**
     * A tenant with 20 endpoints that accept connections and never answer, and a backlog for each, must not hold up
     * another tenant's deliveries: the other realm's test events arrive within 2 s (p95).
     */
    @Test
    void oneRealmsHungEndpointsDoNotDelayAnotherRealmsDeliveries() throws Exception {
        Realms.TestRealm noisyRealm = Realms.importDemoAs(admin, urls, "authio-noisy-tenant");
        Deliveries noisy = new Deliveries(noisyRealm);
        noisy.allowLoopback();
        List<String> hung = new ArrayList<>();
        try (HttpReceiver blackHole = new HttpReceiver().respond(r -> null)) {
            for (int i = 0; i < 20; i++) {
                hung.add(noisy.webhook(blackHole.url("/hung/" + i), "noisy.event").get("id").asText());
            }
            backlog(noisyRealm.getId(), hung, 60);
            String quietPath = "/quiet/" + System.nanoTime();
            String quiet = api.webhook(receiver.url(quietPath), "webhook.test").get("id").asText();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            blackHole.awaitCount(r -> true, 100, 15_000); // the noisy realm's POSTs are hanging now

            for (int i = 0; i < 60; i++) {
                long start = System.currentTimeMillis();
                var r = api.call("POST", "/webhooks/" + quiet + "/test", null);
                assertEquals(202, r.status(), r.body());
                sentAt.put("msg_" + r.json().get("delivery_id").asText().replace("-", ""), start);
                Thread.sleep(250);
            }
            List<HttpReceiver.Request> got = receiver.awaitCount(x -> x.path().equals(quietPath), 60, 90_000);
            List<Long> latencies = new ArrayList<>();
            for (HttpReceiver.Request x : got) {
                Long start = sentAt.remove(x.header("webhook-id")); // the first arrival counts (delivery is at-least-once)
                if (start != null) {
                    latencies.add(x.receivedAt() - start);
                }
            }
            Collections.sort(latencies);
            long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
            System.out.printf("FAIRNESS: quiet realm's delivery latency with 20 hung endpoints next door: p50 %d ms, p95 %d ms, max %d ms (n=%d)%n",
                    latencies.get(latencies.size() / 2), p95, latencies.get(latencies.size() - 1), latencies.size());
            assertTrue(p95 < 2_000, "p95 " + p95 + " ms: " + latencies);
            assertEquals(60, latencies.size(), "every test event arrived");
        } finally {
            TestDb.update("update AUTHIO_DESTINATION set ENABLED = false where REALM_ID = ?", noisyRealm.getId());
            TestDb.update("update AUTHIO_OUTBOX set STATUS = 'dead' where REALM_ID = ? and STATUS = 'pending'", noisyRealm.getId());
        }
    }

    /** {@code perDestination} due messages for each destination, with their events, written as the audit listener would. */
    private static void backlog(String realmId, List<String> destinations, int perDestination) throws Exception {
        long now = System.currentTimeMillis();
        try (Connection c = TestDb.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement e = c.prepareStatement("insert into AUTHIO_AUDIT_EVENT (ID, REALM_ID, OCCURRED_AT, TYPE, OUTCOME, "
                    + "ACTOR_TYPE) values (?, ?, ?, 'noisy.event', 'success', 'system')");
                    PreparedStatement o = c.prepareStatement("insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, "
                            + "STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT) values (?, ?, ?, ?, 'noisy.event', 'pending', 0, ?, ?)")) {
                for (int i = 0; i < perDestination; i++) {
                    for (String d : destinations) {
                        String eventId = Uuid7.next();
                        e.setString(1, eventId);
                        e.setString(2, realmId);
                        e.setLong(3, now);
                        e.addBatch();
                        o.setString(1, Uuid7.next());
                        o.setString(2, realmId);
                        o.setString(3, d);
                        o.setString(4, eventId);
                        o.setLong(5, now);
                        o.setLong(6, now);
                        o.addBatch();
                    }
                }
                e.executeBatch();
                o.executeBatch();
            }
            c.commit();
        }
    }
}
