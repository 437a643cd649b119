package io.authio.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.webhook.WebhookPayload;
import io.authio.tests.passwordless.MagicLinkFlow;
import io.authio.tests.passwordless.Mailbox;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.DatabaseUnderTest;
import io.authio.tests.support.Browser;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.KeycloakProcess;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Requirement;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Two Keycloak nodes in production mode ({@code kc.sh start}), one database (PostgreSQL or MariaDB), one
 * Infinispan cluster on loopback: what one node issues the other honours, and the outbox delivers each event once while both
 * dispatchers run — also when one node is killed with SIGKILL in the middle of a burst.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String DB = "authio_cluster";
    private static final String REALM = "cluster";
    private static final int[] PORTS = {8380, 8381};

    @InjectKeycloakUrls
    KeycloakUrls frameworkServer; // the framework's server prepared the installation the nodes copy

    private static List<KeycloakProcess> nodes;
    private static HttpReceiver receiver;
    private static String serviceSecret;
    private static String destinationId;

    /** Each test is reported skipped on H2 (a class-level abort would count none). */
    @BeforeEach
    void aDatabaseKeycloakClustersOn() {
        Requirement.notOn(ClusterIT.class, DatabaseUnderTest.Vendor.H2, "H2 (the dev-file database) serves one Keycloak process; "
                + "Keycloak clusters only on a database server", "DeliveryDurabilityIT (kill -9 and restart of one node) and "
                + "OutboxClaimIT (claims skip rows another transaction holds)");
    }

    private void cluster() throws Exception {
        if (nodes != null) {
            return;
        }
        TestDb.createDatabase(DB);
        nodes = KeycloakProcess.clusterOf(Path.of("target/kc-cluster"), PORTS, DB,
                Map.of("spi-authio-delivery--authio-delivery--retry-schedule", AuthioServerConfig.DELIVERY_RETRY_SCHEDULE,
                        "spi-authio-delivery--authio-delivery--allowed-networks", AuthioServerConfig.LOOPBACK,
                        "spi-authio-delivery--authio-delivery--lease-seconds", "10",
                        "spi-authio-delivery--authio-delivery--poll-interval-millis", "200"));
        for (KeycloakProcess node : nodes) {
            node.start(KeycloakProcess.START_TIMEOUT); // one after the other: the first one creates the schema
        }
        receiver = new HttpReceiver();
        try (Keycloak admin = nodes.get(0).admin()) {
            Realms.importDemoAs(admin, nodes.get(0).baseUrl(), REALM);
            var client = admin.realm(REALM).clients().findByClientId("authio-demo-service").get(0);
            serviceSecret = admin.realm(REALM).clients().get(client.getId()).getSecret().getValue();
            String token = admin.tokenManager().getAccessTokenString();
            String api = nodes.get(1).baseUrl() + "/admin/realms/" + REALM + "/authio";
            assertEquals(200, Json.send("PUT", api + "/delivery-settings", token, "{\"allowed_networks\":[\"127.0.0.1/32\"]}").status());
            var hook = Json.send("POST", api + "/webhooks", token,
                    "{\"url\":\"" + receiver.url("/cluster") + "\",\"event_types\":[\"client.login.*\"]}");
            assertEquals(201, hook.status(), hook.body());
            destinationId = hook.json().get("id").asText();
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodes != null) {
            for (KeycloakProcess node : nodes) {
                node.close();
            }
            nodes = null;
        }
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    private static String realmUrl(int node) {
        return nodes.get(node).baseUrl() + "/realms/" + REALM;
    }

    @Test
    @Order(1)
    void aLoginOnNodeAIsHonouredByNodeB() throws Exception {
        cluster();
        Users.Created user;
        try (Keycloak admin = nodes.get(0).admin()) {
            user = Users.create(admin.realm(REALM), "roaming");
        }
        Oidc.LoginResult login = new Oidc(realmUrl(0), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login(user.username(), Users.PASSWORD);
        assertTrue(login.succeeded(), "login on node A");
        String accessToken = login.tokens().get("access_token").asText();

        Json.Reply userinfo = Json.get(realmUrl(1) + "/protocol/openid-connect/userinfo", accessToken);
        assertEquals(200, userinfo.status(), "node B accepts node A's access token: " + userinfo.body());
        assertEquals(user.username(), userinfo.json().get("preferred_username").asText());

        JsonNode refreshed = Json.post(realmUrl(1) + "/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "client_id", Oidc.DEMO_APP, "refresh_token", login.tokens().get("refresh_token").asText()), null).json();
        assertTrue(refreshed.hasNonNull("access_token"), "node B refreshes the session node A created: " + refreshed);

        JsonNode activity = Json.get(realmUrl(1) + "/authio/activity", accessToken).json();
        assertEquals("user.login.succeeded", activity.path("data").path(0).path("type").asText(), "node B shows the login made on A");
    }

    @Test
    @Order(2)
    void aMagicLinkRequestedOnNodeAIsUsedOnceOnNodeBAndTheSignInIsScored() throws Exception {
        cluster();
        Users.Created user;
        try (Keycloak admin = nodes.get(0).admin()) {
            user = Users.create(admin.realm(REALM), "linked");
        }
        try (Mailbox mail = new Mailbox()) {
            Browser browser = new Browser();
            Oidc onA = new Oidc(realmUrl(0), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
            Oidc.Authorization auth = onA.begin(browser);
            MagicLinkFlow.choose(browser);
            HttpResponse<String> sent = MagicLinkFlow.request(browser, user.email());
            assertTrue(sent.body().contains("id=\"authio-magic-link-sent\""), sent.body());

            // the emailed link names the public hostname (node A); the user's click lands on node B
            String linkOnB = onNodeB(mail.await(user.email(), 1).link());
            HttpResponse<String> confirm = browser.open(linkOnB);
            assertEquals(200, confirm.statusCode(), confirm.body());
            Element form = browser.page().selectFirst("form#authio-magic-link-confirm");
            assertNotNull(form, confirm.body());
            Map<String, String> fields = new LinkedHashMap<>();
            form.select("input[name]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
            HttpResponse<String> signedIn = browser.post(onNodeB(form.absUrl("action")), fields);
            Oidc.LoginResult login = onA.finish(auth, Oidc.skipPasskeyOffer(browser, signedIn));
            assertTrue(login.succeeded(), "the link, consumed on node B, signs in: " + signedIn.statusCode());

            // single use across the cluster: the same link is dead on both nodes
            assertEquals("used", MagicLinkFlow.reason(browser.open(onNodeB(mail.await(user.email(), 1).link()))));
            assertEquals("used", MagicLinkFlow.reason(browser.open(mail.await(user.email(), 1).link())));
            assertEquals(1, count("select count(*) from AUTHIO_AUDIT_EVENT where TYPE = 'magic_link.used' and USER_ID = '" + user.id() + "'"));
            assertTrue(count("select count(*) from AUTHIO_RISK_DECISION where USER_ID = '" + user.id() + "'") >= 1,
                    "a magic-link sign-in is scored by the risk engine like any other");
        }
    }

    @Test
    @Order(3)
    void theMagicLinkRateLimitForAnAddressHoldsAcrossNodes() throws Exception {
        cluster();
        Users.Created user;
        try (Keycloak admin = nodes.get(0).admin()) {
            user = Users.create(admin.realm(REALM), "limited");
        }
        try (Mailbox smtp = new Mailbox()) { // accepts the links' emails; this test only counts refusals
            // the demo realm allows 5 links per address in 15 minutes; ask on alternating nodes
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> sent = requestLinkOn(i % 2, user.email());
                assertEquals(200, sent.statusCode(), "request " + (i + 1) + " on node " + (i % 2) + ": " + sent.body());
            }
            for (int node = 0; node < 2; node++) {
                HttpResponse<String> refused = requestLinkOn(node, user.email());
                assertEquals(429, refused.statusCode(), "the sixth request is refused on node " + node);
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            }
        }
    }

    private static HttpResponse<String> requestLinkOn(int node, String email) {
        Browser browser = new Browser();
        new Oidc(realmUrl(node), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).begin(browser);
        MagicLinkFlow.choose(browser);
        Element form = browser.page().selectFirst("form#authio-magic-link-request");
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        fields.put("email", email);
        String action = form.absUrl("action");
        return browser.post(node == 1 ? onNodeB(action) : action, fields);
    }

    private static String onNodeB(String url) {
        return url.replace("//localhost:" + PORTS[0] + "/", "//localhost:" + PORTS[1] + "/");
    }

    @Test
    @Order(4)
    void eachEventIsDeliveredOnceWhileBothDispatchersRun() throws Exception {
        cluster();
        int perNode = 600;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int node = t % 2;
            pool.submit(() -> {
                for (int i = 0; i < perNode / 4; i++) {
                    grant(node);
                }
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
        awaitAllDelivered(Duration.ofMinutes(3));
        assertDeliveredOnceEach(0.0);
    }

    @Test
    @Order(5)
    void killingOneNodeMidBurstLosesNothing() throws Exception {
        cluster();
        long before = count("select count(*) from AUTHIO_OUTBOX");
        AtomicBoolean aDown = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int node = t % 2;
            pool.submit(() -> {
                while (sent.incrementAndGet() <= 5_000) {
                    try {
                        grant(node == 0 && aDown.get() ? 1 : node);
                    } catch (RuntimeException nodeGone) {
                        // the request in flight on the killed node: its transaction either committed or not
                    }
                }
                return null;
            });
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (count("select count(*) from AUTHIO_OUTBOX") < before + 1_500 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        nodes.get(0).kill9();
        aDown.set(true);
        long pendingAtKill = count("select count(*) from AUTHIO_OUTBOX where STATUS = 'pending'");
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
        System.out.printf("cluster: %d messages pending when node A was killed%n", pendingAtKill);
        awaitAllDelivered(Duration.ofMinutes(3));
        assertDeliveredOnceEach(0.01);
    }

    private static void grant(int node) {
        Json.post(realmUrl(node) + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                "client_id", "authio-demo-service", "client_secret", serviceSecret), null);
    }

    private static void awaitAllDelivered(Duration timeout) throws Exception {
        long until = System.currentTimeMillis() + timeout.toMillis();
        while (count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'") > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(500);
        }
        assertEquals(0, count("select count(*) from AUTHIO_OUTBOX where STATUS <> 'delivered'"), "everything delivered");
    }

    /** Every committed event arrived under its own stable id; duplicates (same id twice) stay within the bound. */
    private static void assertDeliveredOnceEach(double maxDuplicateShare) throws Exception {
        Set<String> expected = new HashSet<>();
        try (Connection c = TestDb.connect(DB); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select ID from AUTHIO_OUTBOX where DESTINATION_ID = '" + destinationId + "'")) {
            while (rs.next()) {
                expected.add(WebhookPayload.messageId(rs.getString(1)));
            }
        }
        assertEquals(count("select count(*) from AUTHIO_AUDIT_EVENT where TYPE = 'client.login.succeeded'"), expected.size(),
                "one outbox message per committed event");
        List<HttpReceiver.Request> received = receiver.requests().stream().filter(r -> r.path().equals("/cluster")).toList();
        Set<String> distinct = new HashSet<>();
        received.forEach(r -> distinct.add(r.header("webhook-id")));
        int duplicates = received.size() - distinct.size();
        System.out.printf("cluster: %d events, %d deliveries, %d duplicates (%.2f%%)%n", expected.size(), received.size(), duplicates,
                100.0 * duplicates / Math.max(1, distinct.size()));
        assertEquals(expected, distinct, "exactly the committed events arrived");
        assertTrue(duplicates <= maxDuplicateShare * distinct.size(), duplicates + " duplicates");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = TestDb.connect(DB); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
