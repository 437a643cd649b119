package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.webhook.WebhookPayload;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.DatabaseUnderTest;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.KeycloakProcess;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * Kills Keycloak with SIGKILL in the middle of a burst of events and restarts it: every event whose
 * transaction committed reaches the receiver (same message id on any duplicate). Then cuts the
 * database connections under load: the dispatcher resumes.
 *
 * <p>The kill is deterministic: the burst runs until the kill (it cannot end first), the receiver holds every
 * delivery until the kill (so none can complete before it, however fast the dispatcher), and the kill comes once
 * {@link #COMMITTED_BEFORE_KILL} messages are in the outbox.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DeliveryDurabilityIT {

    private static final String DB = "authio_durability";
    /** Outbox messages committed before the kill. */
    private static final int COMMITTED_BEFORE_KILL = 1_500;

    @InjectKeycloakUrls
    KeycloakUrls frameworkServer; // the framework's server prepared the installation this test copies

    @Test
    void everyCommittedEventIsDeliveredAfterAKillMinus9MidBurst() throws Exception {
        TestDb.createDatabase(DB);
        try (HttpReceiver receiver = new HttpReceiver();
                KeycloakProcess kc = KeycloakProcess.copyOfFrameworkInstall(Path.of("target/kc-durability"), 8180, 9180, DB,
                        Map.of("spi-authio-delivery--authio-delivery--retry-schedule", AuthioServerConfig.DELIVERY_RETRY_SCHEDULE,
                                "spi-authio-delivery--authio-delivery--allowed-networks", AuthioServerConfig.LOOPBACK,
                                "spi-authio-delivery--authio-delivery--lease-seconds", "10",
                                // held deliveries must not time out into retries (and dead letters) before the kill
                                "spi-authio-delivery--authio-delivery--request-timeout-seconds", "600"))) {
            kc.start(KeycloakProcess.START_TIMEOUT);
            String destinationId;
            String secret;
            Realms.TestRealm realm;
            try (Keycloak admin = kc.admin()) {
                realm = Realms.importDemoAs(admin, kc.baseUrl(), "durability");
                String token = admin.tokenManager().getAccessTokenString();
                String api = kc.baseUrl() + "/admin/realms/durability/authio";
                assertEquals(200, Json.send("PUT", api + "/delivery-settings", token, "{\"allowed_networks\":[\"127.0.0.1/32\"]}").status());
                var hook = Json.send("POST", api + "/webhooks", token,
                        "{\"url\":\"" + receiver.url("/burst") + "\",\"event_types\":[\"client.login.*\"]}");
                assertEquals(201, hook.status(), hook.body());
                destinationId = hook.json().get("id").asText();
                var client = admin.realm("durability").clients().findByClientId("authio-demo-service").get(0);
                secret = admin.realm("durability").clients().get(client.getId()).getSecret().getValue();
            }

            // The receiver holds every delivery until the kill: none can complete before it.
            CountDownLatch killed = new CountDownLatch(1);
            receiver.holdUntil(killed);

            // The burst: client-credentials grants, each one committing a client.login.succeeded event, until the kill.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sent = new AtomicInteger();
            ExecutorService burst = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                burst.submit(() -> {
                    while (!stop.get()) {
                        try {
                            Json.post(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                                    "client_id", "authio-demo-service", "client_secret", secret), null);
                            sent.incrementAndGet();
                        } catch (RuntimeException serverGoneOrBusy) {
                            // the burst ends with the kill, not before it
                        }
                    }
                });
            }
            long deadline = System.currentTimeMillis() + 180_000;
            long committedBeforeKill;
            while ((committedBeforeKill = count("select count(*) from AUTHIO_OUTBOX")) < COMMITTED_BEFORE_KILL
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            long deliveredBeforeKill = count("select count(*) from AUTHIO_OUTBOX where STATUS = 'delivered'");
            int sentBeforeKill = sent.get();
            kc.kill9();
            stop.set(true);
            killed.countDown(); // the held requests now answer a dead server; the restart delivers what they carried
            burst.shutdown();
            assertTrue(burst.awaitTermination(120, TimeUnit.SECONDS));
            assertTrue(committedBeforeKill >= COMMITTED_BEFORE_KILL, "the burst committed " + committedBeforeKill
                    + " messages within 180 s, " + COMMITTED_BEFORE_KILL + " expected before the kill");
            assertEquals(0, deliveredBeforeKill, "the held receiver let no delivery complete before the kill");

            long committed = count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = '" + destinationId + "'");
            long undeliveredAtKill = count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'");
            long events = count("select count(*) from AUTHIO_AUDIT_EVENT where TYPE = 'client.login.succeeded'");
            System.out.printf("durability: %d requests answered before the kill, %d events committed, %d undelivered at kill -9, "
                    + "%d deliveries held%n", sentBeforeKill, committed, undeliveredAtKill, receiver.requests().size());
            // H2 (dev-file) writes commits to disk with a delay (WRITE_DELAY, 500 ms): a kill -9 loses the last ones, so
            // fewer than the 1,500 seen before the kill may survive; every one that did must still be delivered.
            long survivedAtLeast = TestDb.vendor() == DatabaseUnderTest.Vendor.H2 ? 1 : COMMITTED_BEFORE_KILL;
            assertTrue(committed >= survivedAtLeast, "committed messages survive the kill: " + committed);
            assertEquals(events, committed, "every committed event has its outbox message, in the same transaction");
            assertEquals(committed, undeliveredAtKill, "the kill left every committed message undelivered");

            receiver.respond(r -> HttpReceiver.Reply.of(200));

            // As if the realm had been set up by an earlier version, which kept the allowlist in a realm attribute: the
            // restart must move it into Authio's table (dropping what never was a network), or the deliveries below fail.
            execute("delete from AUTHIO_REALM_SETTING where REALM_ID = ?", realm.getId());
            execute("insert into REALM_ATTRIBUTE (NAME, REALM_ID, VALUE) values ('authio.delivery.allowed-networks', ?, "
                    + "'127.0.0.1/32,not-a-network')", realm.getId());

            kc.start(KeycloakProcess.START_TIMEOUT);
            assertEquals(0, count("select count(*) from REALM_ATTRIBUTE where NAME = 'authio.delivery.allowed-networks'"),
                    "the attribute is moved out at startup");
            assertEquals(1, count("select count(*) from AUTHIO_REALM_SETTING where NAME = 'delivery.allowed-networks' "
                    + "and SETTING_VALUE = '127.0.0.1/32'"));
            long until = System.currentTimeMillis() + 180_000;
            while (count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'") > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(500);
            }
            assertEquals(0, count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'"), "all delivered after restart");

            Set<String> expected = new HashSet<>();
            try (Connection c = TestDb.connect(DB); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select ID from AUTHIO_OUTBOX where DESTINATION_ID = '" + destinationId + "'")) {
                while (rs.next()) {
                    expected.add(WebhookPayload.messageId(rs.getString(1)));
                }
            }
            List<HttpReceiver.Request> received = receiver.requests().stream().filter(r -> r.path().equals("/burst")).toList();
            Set<String> distinct = new HashSet<>();
            received.forEach(r -> distinct.add(r.header("webhook-id")));
            System.out.printf("durability: %d deliveries received, %d distinct ids, %d duplicates (%.2f%%)%n", received.size(),
                    distinct.size(), received.size() - distinct.size(), 100.0 * (received.size() - distinct.size()) / distinct.size());
            assertEquals(expected, distinct, "exactly the committed events arrived, each under its own stable id");

            // Database outage: cut every connection of this server while new events flow.
            AtomicInteger extra = new AtomicInteger();
            ExecutorService second = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                second.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        Json.post(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                                "client_id", "authio-demo-service", "client_secret", secret), null);
                        extra.incrementAndGet();
                    }
                });
            }
            for (int i = 0; i < 5; i++) {
                Thread.sleep(400);
                TestDb.closeConnections(DB);
            }
            second.shutdown();
            assertTrue(second.awaitTermination(120, TimeUnit.SECONDS));
            long afterOutage = count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = '" + destinationId + "'");
            assertTrue(afterOutage > committed, "events committed after the outage");
            long until2 = System.currentTimeMillis() + 120_000;
            while (count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'") > 0 && System.currentTimeMillis() < until2) {
                Thread.sleep(500);
            }
            assertEquals(0, count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'"),
                    "the dispatcher resumed after its connections were cut");
        }
    }

    private static void execute(String sql, String parameter) throws Exception {
        try (Connection c = TestDb.connect(DB); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            ps.executeUpdate();
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = TestDb.connect(DB); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
