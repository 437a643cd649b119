package io.authio.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.KeycloakProcess;
import io.authio.tests.support.LoginLoad;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * Authio's webhooks side by side with p2-inc's keycloak-events 0.59 (its {@code ext-event-webhook} listener
 * and {@code /realms/{realm}/webhooks} API) on one Keycloak 26.7.3 in one run: each side in realms of its
 * own on the same server, stock Keycloak as the login baseline.
 * <ul>
 * <li>(b) deliveries per second: a burst of client-credentials grants (one CLIENT_LOGIN event each) while the
 * loopback receiver holds the first requests, then the receiver answers and the backlog is timed until every
 * distinct event arrived;</li>
 * <li>(a) login throughput and p95 with the side's webhook black-holed (accepts, never answers), against a
 * stock realm, in alternating rounds;</li>
 * <li>(c) a burst on both sides at once, the receiver holding every request, SIGKILL of Keycloak once each side
 * had {@link #ANSWERED_BEFORE_KILL} grants answered, a restart, and the distinct events each receiver got.</li>
 * </ul>
 * keycloak-events is benchmark scope only: its jar (a test dependency of the benchmark profile, never in the
 * provider jar or the image) is copied into the providers of a copy of the framework's installation, which
 * this test runs as a process it can kill. Run:
 * {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=PeerDeliveryBenchmark}; writes
 * tests/target/benchmarks/peer.md.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class PeerDeliveryBenchmark {

    private static final String DB = "authio_peer";
    private static final String P2_LISTENER = "ext-event-webhook";
    private static final int BURST = 1_500;
    private static final int WARM_UP = 300;
    private static final int ANSWERED_BEFORE_KILL = 600;
    private static final int LOGIN_ROUNDS = 4;
    private static final int LOGINS_PER_ROUND = 80;

    @InjectKeycloakUrls
    KeycloakUrls frameworkServer; // the framework's server prepared the installation this test copies

    private final StringBuilder report = new StringBuilder();
    private Path jdk;

    @Test
    void authioWebhooksAgainstKeycloakEventsOnTheSameServer() throws Exception {
        Path p2Jar = Path.of(System.getProperty("authio.peer.events.jar", "missing"));
        assertTrue(Files.isRegularFile(p2Jar), "keycloak-events jar not found at " + p2Jar
                + " (resolve it: ./mvnw -B dependency:get -Dartifact=io.phasetwo.keycloak:keycloak-events:0.59)");
        TestDb.createDatabase(DB);
        Path home = Path.of("target/kc-peer").toAbsolutePath();
        try (KeycloakProcess kc = KeycloakProcess.copyOfFrameworkInstall(home, 8180, 9180, DB, Map.of(
                "spi-authio-delivery--authio-delivery--allowed-networks", AuthioServerConfig.LOOPBACK,
                // held and black-holed requests must not time out into retries while the test holds them
                "spi-authio-delivery--authio-delivery--request-timeout-seconds", "600"))) {
            Files.copy(p2Jar, home.resolve("providers").resolve("io.phasetwo.keycloak__keycloak-events.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            // keycloak-events 0.59 is compiled for Java 21 (class file 65): this server runs on the JDK of
            // -Dauthio.peer.java-home (Temurin 25 here), both sides alike.
            jdk = Path.of(System.getProperty("authio.peer.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
            assertTrue(Files.isExecutable(jdk.resolve("bin/java")), "keycloak-events needs Java 21 or later: no JDK at " + jdk
                    + " (-Dauthio.peer.java-home)");
            kc.javaHome(jdk);
            kc.start(KeycloakProcess.START_TIMEOUT);
            try (Keycloak admin = kc.admin()) {
                deliveriesPerSecond(kc, admin);
                writeReport(false);
                try (HttpReceiver blackHole = new HttpReceiver().respond(r -> null)) {
                    loginWithBlackHoledReceivers(kc, admin, blackHole);
                }
                // Closing the black hole frees keycloak-events' two sender threads, blocked on it (it sets no socket
                // timeout), before (c); what they still had queued fails fast against the closed port.
                writeReport(false);
                killMinus9MidBurst(kc, admin);
                writeReport(true);
            }
        }
    }

    // ---------------------------------------------------------------- (b) deliveries per second

    private void deliveriesPerSecond(KeycloakProcess kc, Keycloak admin) throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            Side authio = authioSide(kc, admin, "peer-rate-authio", receiver.url("/authio"), "client.login.*");
            Side p2 = p2Side(kc, admin, "peer-rate-p2", receiver.url("/p2"), "access.CLIENT_LOGIN");
            Drain[] measured = new Drain[2];
            int i = 0;
            for (Side side : List.of(authio, p2)) {
                drain(receiver, side, WARM_UP); // the JIT compiles each side's delivery path first
                measured[i++] = drain(receiver, side, BURST);
            }
            report.append("| (b) Webhook deliveries, backlog of ").append(BURST)
                    .append(" CLIENT_LOGIN events released at once, loopback receiver | deliveries/s | delivered / generated | events generated/s |\n")
                    .append("|---|---:|---:|---:|\n");
            for (int s = 0; s < 2; s++) {
                Drain d = measured[s];
                report.append(String.format(Locale.ROOT, "| %s | **%.0f** | %d / %d | %.0f |%n", d.who(), d.perSecond(), d.delivered(),
                        d.generated(), d.generatedPerSecond()));
            }
            report.append(String.format(Locale.ROOT, "| **ratio (Authio / keycloak-events)** | **%.2f×** | | |%n%n",
                    measured[0].perSecond() / measured[1].perSecond()));
        }
    }

    record Drain(String who, double perSecond, int delivered, int generated, double generatedPerSecond) {
    }

    /**
     * {@code n} grants in the side's realm while the receiver holds every request; then the receiver answers and
     * the time from the release until the n-th distinct event arrived is the drain.
     */
    private static Drain drain(HttpReceiver receiver, Side side, int n) throws Exception {
        Tally tally = new Tally(side, receiver);
        CountDownLatch release = new CountDownLatch(1);
        receiver.respond(r -> {
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HttpReceiver.Reply.of(200);
        });
        long t0 = System.nanoTime();
        int answered = side.grants(n, 8);
        double generatedPerSecond = answered / ((System.nanoTime() - t0) / 1e9);
        // Keycloak itself refuses a rare concurrent grant; more than 1 % and the burst is not about deliveries any more.
        assertTrue(answered >= 0.99 * n, side.who + ": " + answered + " of " + n + " grants of the burst were answered 200");
        long released = System.currentTimeMillis();
        release.countDown();
        receiver.respond(r -> HttpReceiver.Reply.of(200));
        // Waits until all arrived, or until nothing new arrived for 30 s (a side that drops events).
        int seen = 0;
        long lastProgress = System.currentTimeMillis();
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - lastProgress < 30_000) {
            int now = tally.update(receiver);
            if (now >= answered) {
                break;
            }
            if (now > seen) {
                seen = now;
                lastProgress = System.currentTimeMillis();
            }
            Thread.sleep(100);
        }
        int delivered = tally.update(receiver);
        long last = tally.first.stream().mapToLong(HttpReceiver.Request::receivedAt).max().orElse(released);
        double seconds = Math.max(1, last - released) / 1000.0;
        System.out.printf(Locale.ROOT, "peer drain %s: %d of %d distinct events, %.0f/s after the release%n", side.who, delivered,
                answered, delivered / seconds);
        // Each grant makes at most one event: more distinct events than grants would mean the count is not this burst's.
        assertTrue(delivered <= n, side.who + ": " + delivered + " distinct events for " + n + " grants");
        if (side.durable) {
            assertTrue(delivered >= answered, side.who + " delivered every event of the burst: " + delivered + " of " + answered);
        }
        return new Drain(side.who, delivered / seconds, delivered, answered, generatedPerSecond);
    }

    /** The distinct events of one side that arrived since it was made (the receiver's list only grows). */
    private static final class Tally {
        final Side side;
        final Set<String> seen = new java.util.HashSet<>();
        final List<HttpReceiver.Request> first = new ArrayList<>();
        int index;

        Tally(Side side, HttpReceiver receiver) {
            this.side = side;
            List<HttpReceiver.Request> all = receiver.requests();
            all.stream().filter(r -> r.path().equals(side.path)).forEach(r -> seen.add(side.eventId.apply(r)));
            index = all.size();
        }

        int update(HttpReceiver receiver) {
            List<HttpReceiver.Request> all = receiver.requests();
            for (; index < all.size(); index++) {
                HttpReceiver.Request r = all.get(index);
                if (r.path().equals(side.path) && seen.add(side.eventId.apply(r))) {
                    first.add(r);
                }
            }
            return first.size();
        }
    }

    // ---------------------------------------------------------------- (a) login with black-holed receivers

    private void loginWithBlackHoledReceivers(KeycloakProcess kc, Keycloak admin, HttpReceiver blackHole) throws Exception {
        Realms.TestRealm stock = Realms.importDemoAs(admin, kc.baseUrl(), "peer-login-stock");
        toStock(stock, List.of("jboss-logging"));
        Side authio = authioSide(kc, admin, "peer-login-authio", blackHole.url("/authio"), "*");
        Side p2 = p2Side(kc, admin, "peer-login-p2", blackHole.url("/p2"), "*");
        List<String> stockUsers = LoginLoad.users(stock.admin(), 4);
        List<String> authioUsers = LoginLoad.users(authio.realm.admin(), 4);
        List<String> p2Users = LoginLoad.users(p2.realm.admin(), 4);
        LoginLoad.run(stock.getBaseUrl(), stockUsers, 40); // warm-up
        LoginLoad.run(authio.realm.getBaseUrl(), authioUsers, 40);
        LoginLoad.run(p2.realm.getBaseUrl(), p2Users, 40);
        List<LoginLoad.Sample> a = new ArrayList<>();
        List<LoginLoad.Sample> b = new ArrayList<>();
        List<LoginLoad.Sample> c = new ArrayList<>();
        for (int round = 0; round < LOGIN_ROUNDS; round++) {
            a.add(LoginLoad.run(stock.getBaseUrl(), stockUsers, LOGINS_PER_ROUND));
            b.add(LoginLoad.run(authio.realm.getBaseUrl(), authioUsers, LOGINS_PER_ROUND));
            c.add(LoginLoad.run(p2.realm.getBaseUrl(), p2Users, LOGINS_PER_ROUND));
        }
        LoginLoad.Figures fa = LoginLoad.Figures.of(a);
        LoginLoad.Figures fb = LoginLoad.Figures.of(b);
        LoginLoad.Figures fc = LoginLoad.Figures.of(c);
        // The black hole must really have been offered the logins' events by both sides, or the rows are not about it.
        long authioHeld = blackHole.requests().stream().filter(r -> r.path().equals("/authio")).count();
        long p2Held = blackHole.requests().stream().filter(r -> r.path().equals("/p2")).count();
        assertTrue(authioHeld > 0 && p2Held > 0, "both sides sent to the black hole: Authio " + authioHeld + ", keycloak-events " + p2Held);
        report.append("| (a) Login (auth code + PKCE, 4 concurrent), webhook receiver black-holed | logins/s | p50 ms | p95 ms | failures | throughput / stock | p95 / stock |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        row("stock Keycloak (built-in browser flow, no webhooks)", fa, fa);
        row("Authio (demo realm as shipped + black-holed webhook)", fb, fa);
        row("keycloak-events (stock realm + `ext-event-webhook`, black-holed webhook)", fc, fa);
        report.append('\n');
        int failures = fa.failures() + fb.failures() + fc.failures();
        if (failures > 0.01 * 3 * LOGIN_ROUNDS * LOGINS_PER_ROUND) {
            throw new AssertionError("too many logins failed during the benchmark (" + failures + "):\n" + report);
        }
    }

    private void row(String what, LoginLoad.Figures f, LoginLoad.Figures stock) {
        report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d | **%.3f×** | **%.3f×** |%n", what, f.perSecond(), f.p50Millis(),
                f.p95Millis(), f.failures(), f.perSecond() / stock.perSecond(), f.p95Millis() / stock.p95Millis()));
    }

    // ---------------------------------------------------------------- (c) kill -9 mid-burst

    private void killMinus9MidBurst(KeycloakProcess kc, Keycloak admin) throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            Side authio = authioSide(kc, admin, "peer-kill-authio", receiver.url("/authio"), "client.login.*");
            Side p2 = p2Side(kc, admin, "peer-kill-p2", receiver.url("/p2"), "access.CLIENT_LOGIN");
            // The receiver holds every request until the kill: no delivery completes before it.
            CountDownLatch killed = new CountDownLatch(1);
            receiver.holdUntil(killed);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger authioAnswered = new AtomicInteger();
            AtomicInteger p2Answered = new AtomicInteger();
            ExecutorService burst = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                Side side = t % 2 == 0 ? authio : p2;
                AtomicInteger answered = t % 2 == 0 ? authioAnswered : p2Answered;
                burst.submit(() -> {
                    while (!stop.get()) {
                        try {
                            if (side.grant()) {
                                answered.incrementAndGet();
                            }
                        } catch (RuntimeException serverGone) {
                            // the burst ends with the kill, not before it
                        }
                    }
                });
            }
            long deadline = System.currentTimeMillis() + 300_000;
            while ((authioAnswered.get() < ANSWERED_BEFORE_KILL || p2Answered.get() < ANSWERED_BEFORE_KILL)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            int authioBefore = authioAnswered.get();
            int p2Before = p2Answered.get();
            kc.kill9();
            stop.set(true);
            int receivedAtKill = receiver.requests().size();
            killed.countDown(); // the held requests now answer a dead server
            burst.shutdown();
            assertTrue(burst.awaitTermination(120, TimeUnit.SECONDS));
            assertTrue(authioBefore >= ANSWERED_BEFORE_KILL && p2Before >= ANSWERED_BEFORE_KILL,
                    "the burst was under way on both sides at the kill: Authio " + authioBefore + ", keycloak-events " + p2Before);
            // Grants answered between those counts and the kill committed too: the final counts are the generated events.
            int authioGenerated = authioAnswered.get();
            int p2Generated = p2Answered.get();
            long authioCommitted = TestDb.countIn(DB, "select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ?", authio.destinationId);
            assertTrue(authioCommitted >= authioGenerated, "every answered grant committed its outbox message: " + authioCommitted
                    + " messages for " + authioGenerated + " answered grants");
            receiver.respond(r -> HttpReceiver.Reply.of(200));

            kc.start(KeycloakProcess.START_TIMEOUT);
            // Authio: until every committed message is delivered (its leases of the dead node expire first);
            // keycloak-events: the same wait, then 15 s more for anything it might still send.
            long until = System.currentTimeMillis() + 300_000;
            while (TestDb.countIn(DB, "select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ? and STATUS <> 'delivered'",
                    authio.destinationId) > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(500);
            }
            Thread.sleep(15_000);
            Set<String> authioGot = authio.distinct(receiver);
            Set<String> p2Got = p2.distinct(receiver);
            System.out.printf(Locale.ROOT, "peer kill: %d requests held at the kill; Authio %d answered, %d committed, %d received; "
                    + "keycloak-events %d answered, %d received%n", receivedAtKill, authioGenerated, authioCommitted, authioGot.size(),
                    p2Generated, p2Got.size());
            assertEquals(authioCommitted, authioGot.size(), "Authio delivered every committed event after the restart");
            report.append("| (c) `kill -9` of Keycloak mid-burst (receiver holding every request), restart | events generated (grants answered 200 before the kill) | distinct events received after the restart | share |\n")
                    .append("|---|---:|---:|---:|\n")
                    .append(String.format(Locale.ROOT, "| Authio (%d committed in the outbox) | %d | %d | **%.1f %%** |%n", authioCommitted,
                            authioGenerated, authioGot.size(), 100.0 * authioGot.size() / authioGenerated))
                    .append(String.format(Locale.ROOT, "| keycloak-events | %d | %d | **%.1f %%** |%n", p2Generated, p2Got.size(),
                            100.0 * p2Got.size() / p2Generated))
                    .append('\n');
        }
    }

    // ---------------------------------------------------------------- the two sides

    /** One side's realm with its webhook to the receiver path, and how to tell its events apart. */
    private static final class Side {
        final String who;
        final Realms.TestRealm realm;
        final String path;
        final String destinationId;
        final String secret;
        final Function<HttpReceiver.Request, String> eventId;
        /** Authio's side: every committed event must arrive, so the benchmark asserts it. */
        final boolean durable;

        Side(String who, boolean durable, Realms.TestRealm realm, String path, String destinationId, String secret,
                Function<HttpReceiver.Request, String> eventId) {
            this.durable = durable;
            this.who = who;
            this.realm = realm;
            this.path = path;
            this.destinationId = destinationId;
            this.secret = secret;
            this.eventId = eventId;
        }

        /** One client-credentials grant: one CLIENT_LOGIN event. */
        boolean grant() {
            return Json.post(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials",
                    "client_id", "authio-demo-service", "client_secret", secret), null).status() == 200;
        }

        /** {@code n} grants from {@code threads} threads; how many were answered 200. */
        int grants(int n, int threads) throws Exception {
            AtomicInteger remaining = new AtomicInteger(n);
            AtomicInteger ok = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        try {
                            if (grant()) {
                                ok.incrementAndGet();
                            }
                        } catch (RuntimeException failed) {
                            // counted as not answered
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES));
            return ok.get();
        }

        Set<String> distinct(HttpReceiver receiver) {
            Set<String> ids = new LinkedHashSet<>();
            receiver.requests().stream().filter(r -> r.path().equals(path)).forEach(r -> ids.add(eventId.apply(r)));
            return ids;
        }
    }

    /** The demo realm as shipped, with an Authio webhook (signed, Standard Webhooks) to {@code url}. */
    private static Side authioSide(KeycloakProcess kc, Keycloak admin, String name, String url, String eventTypes) {
        Realms.TestRealm realm = Realms.importDemoAs(admin, kc.baseUrl(), name);
        String token = admin.tokenManager().getAccessTokenString();
        String api = kc.baseUrl() + "/admin/realms/" + name + "/authio";
        Json.Reply settings = Json.send("PUT", api + "/delivery-settings", token, "{\"allowed_networks\":[\"127.0.0.1/32\"]}");
        assertEquals(200, settings.status(), settings.body());
        Json.Reply hook = Json.send("POST", api + "/webhooks", token,
                "{\"url\":\"" + url + "\",\"event_types\":[\"" + eventTypes + "\"]}");
        assertEquals(201, hook.status(), hook.body());
        // Standard Webhooks: one webhook-id per message, i.e. per event and destination, the same on every retry
        return new Side("Authio", true, realm, java.net.URI.create(url).getPath(), hook.json().get("id").asText(), serviceSecret(admin, name),
                r -> r.header("webhook-id"));
    }

    /** The demo realm turned into stock Keycloak with keycloak-events' webhook listener and a webhook to {@code url}. */
    private static Side p2Side(KeycloakProcess kc, Keycloak admin, String name, String url, String eventTypes) {
        Realms.TestRealm realm = Realms.importDemoAs(admin, kc.baseUrl(), name);
        toStock(realm, List.of("jboss-logging", P2_LISTENER));
        String token = admin.tokenManager().getAccessTokenString();
        Json.Reply hook = Json.send("POST", kc.baseUrl() + "/realms/" + name + "/webhooks", token,
                "{\"enabled\":true,\"url\":\"" + url + "\",\"secret\":\"peer-benchmark-secret\",\"eventTypes\":[\"" + eventTypes + "\"]}");
        assertEquals(201, hook.status(), hook.body());
        String location = hook.header("Location");
        // its body: the event's JSON, whose "id" is Keycloak's event id ("uid" differs per send)
        return new Side("keycloak-events 0.59", false, realm, java.net.URI.create(url).getPath(),
                location.substring(location.lastIndexOf('/') + 1), serviceSecret(admin, name),
                r -> {
                    try {
                        return Json.MAPPER.readTree(r.body()).get("id").asText();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** As LoginBenchmark's stock realm: the built-in browser flow, the given listeners only, no admin events. */
    private static void toStock(Realms.TestRealm realm, List<String> listeners) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setEventsListeners(listeners);
        rep.setAdminEventsEnabled(false);
        rep.setBrowserFlow("browser");
        realm.admin().update(rep);
    }

    private static String serviceSecret(Keycloak admin, String realm) {
        var client = admin.realm(realm).clients().findByClientId("authio-demo-service").get(0);
        return admin.realm(realm).clients().get(client.getId()).getSecret().getValue();
    }

    // ---------------------------------------------------------------- report

    private void writeReport(boolean complete) throws Exception {
        String text = "## Peer: p2-inc keycloak-events 0.59 (`PeerDeliveryBenchmark`, measured " + java.time.LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores" + BenchReport.onDatabase() + ")\n\n"
                + "Authio's webhooks and p2-inc's `io.phasetwo.keycloak:keycloak-events:0.59` (`ext-event-webhook` listener,"
                + " webhook created through its `/realms/{realm}/webhooks` API, HMAC secret set) on the same Keycloak 26.7.3"
                + " process in one run, each in realms of its own; events are real Keycloak events (client-credentials grants,"
                + " one CLIENT_LOGIN each; logins). keycloak-events is benchmark scope only (a test dependency of the"
                + " benchmark profile copied into that server's providers), never shipped. That server runs on " + jdk.getFileName()
                + " (keycloak-events 0.59 is compiled for Java 21; the other benchmarks run Keycloak on Java 17).\n\n"
                + report
                + (complete ? "" : "(c) not measured in this report: the run stopped before it.\n\n")
                + "(b): the receiver holds the requests while the burst is generated, so a backlog builds up on each side"
                + " (Authio: in its outbox table; keycloak-events: in its in-memory scheduled executor), then answers 200 at"
                + " once; deliveries/s is distinct events received divided by the time from the release to the last one."
                + " (a): alternating rounds of " + LOGINS_PER_ROUND + " logins per side, " + LOGIN_ROUNDS + " times, after a"
                + " warm-up; the black hole accepts connections and never answers. (c): 4 load threads per side until both"
                + " had " + ANSWERED_BEFORE_KILL + " grants answered, SIGKILL of the Keycloak JVM, restart on the same"
                + " database, then the wait until Authio's outbox is delivered and 15 s more. An event counts as received"
                + " once the receiver has read its request, even if the sender died before the answer.\n";
        Path out = BenchReport.file("peer");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
    }
}
