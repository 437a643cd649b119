package io.authio.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.id.Uuid7;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.LoginLoad;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * Event delivery figures, all on this machine in one run against the same server:
 * <ul>
 * <li>webhook deliveries/s and SIEM events/s: a backlog of outbox messages is released at once and the
 * time until the dispatcher has delivered all of them to a loopback receiver is measured;</li>
 * <li>login throughput and p95 in a realm whose webhook and SIEM sinks are black-holed (they accept
 * connections and never answer) against a realm without destinations, in alternating rounds.</li>
 * </ul>
 * Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=DeliveryBenchmark}. Writes
 * tests/target/benchmarks/delivery.md (copied into docs/benchmarks.md by hand).
 */
@KeycloakIntegrationTest(config = DeliveryBenchConfig.class)
class DeliveryBenchmark {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    /** With four, JFR still showed C2 compiling about half a second per second of the measured SIEM HTTP drain. */
    private static final int WARMUPS = 10;

    private final StringBuilder report = new StringBuilder();

    @Test
    void deliveryThroughputAndLoginLatencyWithBlackHoledReceivers() throws Exception {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "bench-delivery");
        String api = urls.getBase() + "/admin/realms/bench-delivery/authio";
        Json.send("PUT", api + "/delivery-settings", token(), "{\"allowed_networks\":[\"127.0.0.1/32\"]}");

        // -Dauthio.bench.only=webhooks|siem|webhooks,siem runs those parts only (a quick loop while tuning the dispatcher)
        String only = System.getProperty("authio.bench.only", "");
        List<String> parts = List.of(only.split(","));
        // -Dauthio.bench.warmup=N runs N warm-up drains per destination (default WARMUPS): the first drains of a fresh JVM
        // still pay for the JIT compiling the claim, render and record paths (a claim of 500 SIEM events runs only 20
        // times in a warm-up drain), which a long-running dispatcher has long paid off.
        int warmups = Integer.getInteger("authio.bench.warmup", WARMUPS);
        // The SIEM receiver reads and drops each batch, as the syslog sink counts and drops frames: a SIEM runs elsewhere.
        try (HttpReceiver receiver = new HttpReceiver(); HttpReceiver siem = new HttpReceiver().discardingBodies();
                CountingTcpSink tcp = new CountingTcpSink()) {
            if (only.isEmpty() || parts.contains("webhooks")) {
                String hook = Json.send("POST", api + "/webhooks", token(),
                        "{\"url\":\"" + receiver.url("/bench") + "\",\"event_types\":[\"bench.event\"]}").json().get("id").asText();
                // Warm-up: the JIT compiles the delivery path during the first thousands of messages; measured drains
                // should see the steady state a long-running dispatcher is in, not the compiler's work.
                for (int w = 0; w < warmups; w++) {
                    drain(realm.getId(), hook, 8_000);
                }
                Drain webhooks = drain(realm.getId(), hook, 20_000);
                disable(hook);
                line("Webhook deliveries (Standard Webhooks, signed, one POST each, loopback receiver)", webhooks, "deliveries/s", 20_000);
            }
            if (only.isEmpty() || parts.contains("siem")) {
                String ndjson = Json.send("POST", api + "/siem-sinks", token(), "{\"type\":\"http\",\"url\":\"" + siem.url("/siem")
                        + "\",\"format\":\"ocsf\",\"encoding\":\"ndjson\",\"event_types\":[\"bench.event\"]}").json().get("id").asText();
                for (int w = 0; w < warmups; w++) {
                    drain(realm.getId(), ndjson, 10_000); // warm-up, as above
                }
                Drain http = drain(realm.getId(), ndjson, 50_000);
                if (siem.lines() < warmups * 10_000L + 50_000) {
                    throw new AssertionError("the SIEM receiver got " + siem.lines() + " events, fewer than were marked delivered");
                }
                disable(ndjson);
                line("SIEM events over HTTP (OCSF, NDJSON batches)", http, "events/s", 50_000);

                String syslog = Json.send("POST", api + "/siem-sinks", token(), "{\"type\":\"syslog\",\"url\":\"syslog+tcp://127.0.0.1:"
                        + tcp.port() + "\",\"format\":\"cef\",\"event_types\":[\"bench.event\"]}").json().get("id").asText();
                for (int w = 0; w < warmups; w++) {
                    drain(realm.getId(), syslog, 10_000); // warm-up, as above
                }
                Drain sys = drain(realm.getId(), syslog, 50_000);
                disable(syslog);
                line("SIEM events over syslog TCP (CEF, RFC 5424, octet counting)", sys, "events/s", 50_000);
            }
        }
        if (!only.isEmpty()) {
            String partial = "## Event delivery, " + String.join(" and ", parts) + " only (`DeliveryBenchmark`, measured " + java.time.LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores" + BenchReport.onDatabase() + ")\n\n| What | Throughput | Messages"
                    + " | Keycloak CPU ms/message | " + TestDb.vendor().displayName() + " CPU ms/message | machine CPU busy |\n"
                    + "|---|---:|---:|---:|---:|---:|\n" + report;
            Files.createDirectories(BenchReport.file("delivery-" + String.join("-", parts)).getParent());
            Files.writeString(BenchReport.file("delivery-" + String.join("-", parts)), partial);
            System.out.println(partial);
            return;
        }

        // Login path: destinations that never answer must cost the login nothing.
        Realms.TestRealm quiet = Realms.importDemoAs(admin, urls, "bench-quiet");
        Realms.TestRealm holed = Realms.importDemoAs(admin, urls, "bench-blackhole");
        try (HttpReceiver blackHole = new HttpReceiver().respond(r -> null); BlackHoleTcp silent = new BlackHoleTcp()) {
            String holedApi = urls.getBase() + "/admin/realms/bench-blackhole/authio";
            Json.send("PUT", holedApi + "/delivery-settings", token(), "{\"allowed_networks\":[\"127.0.0.1/32\"]}");
            Json.send("POST", holedApi + "/webhooks", token(), "{\"url\":\"" + blackHole.url("/hook") + "\",\"event_types\":[\"*\"]}");
            Json.send("POST", holedApi + "/siem-sinks", token(), "{\"type\":\"http\",\"url\":\"" + blackHole.url("/siem")
                    + "\",\"event_types\":[\"*\"]}");
            Json.send("POST", holedApi + "/siem-sinks", token(), "{\"type\":\"syslog\",\"url\":\"syslog+tcp://127.0.0.1:" + silent.port()
                    + "\",\"event_types\":[\"*\"]}");
            List<String> quietUsers = LoginLoad.users(quiet.admin(), 4);
            List<String> holedUsers = LoginLoad.users(holed.admin(), 4);

            LoginLoad.run(quiet.getBaseUrl(), quietUsers, 100); // warm-up
            LoginLoad.run(holed.getBaseUrl(), holedUsers, 100);
            List<LoginLoad.Sample> a = new ArrayList<>();
            List<LoginLoad.Sample> b = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                a.add(LoginLoad.run(quiet.getBaseUrl(), quietUsers, 150));
                long before = TestDb.count("select count(*) from AUTHIO_OUTBOX where REALM_ID = ?", holed.getId());
                b.add(LoginLoad.run(holed.getBaseUrl(), holedUsers, 150));
                // every round measures logins that write outbox rows for three enabled, hung destinations
                long written = TestDb.count("select count(*) from AUTHIO_OUTBOX where REALM_ID = ?", holed.getId()) - before;
                assertTrue(written >= 3 * 150, "round " + round + " wrote " + written + " outbox rows for 150 logins");
            }
            assertEquals(0, TestDb.count("select count(*) from AUTHIO_DESTINATION where REALM_ID = ? and ENABLED = false", holed.getId()),
                    "the black-holed destinations stayed enabled through the rounds");
            LoginLoad.Figures fa = LoginLoad.Figures.of(a);
            LoginLoad.Figures fb = LoginLoad.Figures.of(b);
            report.append("\n| Login (auth code + PKCE, 4 concurrent) | logins/s | p50 ms | p95 ms | failures |\n|---|---:|---:|---:|---:|\n");
            report.append(String.format(Locale.ROOT, "| no destinations | %.1f | %.1f | %.1f | %d |%n", fa.perSecond(), fa.p50Millis(), fa.p95Millis(), fa.failures()));
            report.append(String.format(Locale.ROOT, "| webhook + HTTP sink + syslog sink, all black-holed | %.1f | %.1f | %.1f | %d |%n",
                    fb.perSecond(), fb.p50Millis(), fb.p95Millis(), fb.failures()));
            report.append(String.format(Locale.ROOT, "| **ratio (black-holed / none)** | **%.3f×** | %.3f× | **%.3f×** | |%n",
                    fb.perSecond() / fa.perSecond(), fb.p50Millis() / fa.p50Millis(), fb.p95Millis() / fa.p95Millis()));
        }
        String text = "## Event delivery (`DeliveryBenchmark`, measured " + java.time.LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores" + BenchReport.onDatabase() + ")\n\n| What | Throughput | Messages | Keycloak CPU ms/message"
                + " | " + TestDb.vendor().displayName() + " CPU ms/message | machine CPU busy |\n|---|---:|---:|---:|---:|---:|\n" + report
                + "\nThroughput: a backlog of outbox messages is released at once (one UPDATE, committed before the clock and the CPU"
                + " counters start) and timed until the dispatcher recorded all of them delivered to a loopback receiver (the receivers"
                + " run on the same machine; the SIEM receivers read, count and drop what they get; \"machine CPU busy\" is all cores,"
                + " all processes, during the drain). Warm-up drains before each measured one: " + Integer.getInteger("authio.bench.warmup", WARMUPS)
                + ". Login rows: the same realm with destinations whose receivers accept connections and never"
                + " answer, against a realm without destinations, in alternating rounds. The outbox write is one INSERT per destination"
                + " inside the login's transaction; hung receivers must cost the login path nothing (targets: >= 3,000 webhook"
                + " deliveries/s, >= 20,000 SIEM events/s, login p95 <= 1.05x). Database CPU counts only the database processes"
                + " of this run (its network namespace), not other runs' on the same machine.\n";
        Path out = BenchReport.file("delivery");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
    }

    /** A current admin token: the drains outlast an access token's lifetime. */
    private String token() {
        return admin.tokenManager().getAccessTokenString();
    }

    private void line(String what, Drain d, String unit, int n) {
        report.append(String.format(Locale.ROOT, "| %s | %.0f %s | %d | %.3f | %.3f | %.0f %% |%n", what, d.perSecond(), unit, n,
                d.keycloakCpuMillis(), d.postgresCpuMillis(), 100 * d.machineBusy()));
    }

    /** A drain's rate, and the CPU time the Keycloak JVM and PostgreSQL spent per message during it. */
    record Drain(double perSecond, double keycloakCpuMillis, double postgresCpuMillis, double machineBusy) {
    }

    /** [busy, all] jiffies of the whole machine from /proc/stat (zeros where it does not exist). */
    private static long[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < f.length; i++) {
                all += Long.parseLong(f[i]);
            }
            return new long[] {all - Long.parseLong(f[4]) - Long.parseLong(f[5]), all};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    private static void disable(String destinationId) {
        TestDb.update("update AUTHIO_DESTINATION set ENABLED = false where ID = ?", destinationId);
    }

    /**
     * Writes {@code n} events and their outbox messages directly (held back), releases them at once and
     * measures how fast the dispatcher delivers them.
     */
    private static Drain drain(String realmId, String destinationId, int n) throws Exception {
        long hold = System.currentTimeMillis() + 3_600_000;
        try (Connection c = TestDb.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement e = c.prepareStatement("insert into AUTHIO_AUDIT_EVENT (ID, REALM_ID, OCCURRED_AT, TYPE, OUTCOME, "
                    + "ACTOR_TYPE, USER_ID, IP, METADATA) values (?, ?, ?, 'bench.event', 'success', 'system', ?, '203.0.113.7', ?)");
                    PreparedStatement o = c.prepareStatement("insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, "
                            + "STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT) values (?, ?, ?, ?, 'bench.event', 'pending', 0, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String eventId = Uuid7.next();
                    e.setString(1, eventId);
                    e.setString(2, realmId);
                    e.setLong(3, System.currentTimeMillis());
                    e.setString(4, java.util.UUID.randomUUID().toString());
                    e.setString(5, "{\"user_email\":\"user" + i + "@example.com\"}");
                    e.addBatch();
                    o.setString(1, Uuid7.next());
                    o.setString(2, realmId);
                    o.setString(3, destinationId);
                    o.setString(4, eventId);
                    o.setLong(5, hold);
                    o.setLong(6, System.currentTimeMillis());
                    o.addBatch();
                    if (i % 1000 == 999) {
                        e.executeBatch();
                        o.executeBatch();
                    }
                }
                e.executeBatch();
                o.executeBatch();
            }
            c.commit();
        }
        // Fresh statistics, as autovacuum keeps them on a running system: right after a first bulk insert into an
        // empty table the planner still believes it empty and would scan and sort the whole backlog on every claim.
        TestDb.analyze("AUTHIO_OUTBOX");
        TestDb.analyze("AUTHIO_AUDIT_EVENT");
        long already = TestDb.count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ? and STATUS = 'delivered'", destinationId);
        // The clock and the CPU counters start once the release has committed: releasing the backlog is one UPDATE of
        // every held row (a new version of each row and five index entries in PostgreSQL), the benchmark's scaffolding
        // and not the dispatcher's work; a backlog that builds up from sign-ins was paid for by their inserts. Nothing
        // can be claimed before the commit (the rows are due an hour from now until then).
        long releaseStart = System.nanoTime();
        TestDb.update("update AUTHIO_OUTBOX set NEXT_ATTEMPT_AT = ? where DESTINATION_ID = ? and STATUS = 'pending'",
                System.currentTimeMillis(), destinationId);
        long[] cpuBefore = io.authio.tests.support.ServerCpu.millis();
        long[] machineBefore = machineCpu();
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "release of %d held messages took %.2f s (not counted)%n", n, (start - releaseStart) / 1e9);
        long deadline = System.currentTimeMillis() + 600_000;
        // Asks whether any pending row is left, over one connection: counting rows, or a new connection per poll (a
        // forked PostgreSQL backend each time), billed the machine a quarter of its CPU for the benchmark's own polling.
        // Ordered by the due index's second column so that PostgreSQL reads that index from its first pending entry: without
        // the order, its plan was a sequential scan through every delivered row of earlier drains on each poll.
        String poll = "select 1 from AUTHIO_OUTBOX where STATUS = 'pending' and DESTINATION_ID = ? order by NEXT_ATTEMPT_AT limit 1";
        if (TestDb.vendor() == io.authio.tests.support.DatabaseUnderTest.Vendor.POSTGRES && n >= 50_000) {
            for (String q : List.of(poll, "select 1 from AUTHIO_OUTBOX where STATUS = 'pending' and DESTINATION_ID = ? limit 1")) {
                System.out.println("plan of the drain's poll: " + q + "\n" + TestDb.query("explain " + q, destinationId));
            }
        }
        try (Connection c = TestDb.connect(); PreparedStatement pending = c.prepareStatement(poll)) {
            pending.setString(1, destinationId);
            while (true) {
                try (java.sql.ResultSet rs = pending.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("backlog not drained in 10 minutes");
                }
                Thread.sleep(20); // one indexed query on an open connection: polling often costs little and ends the clock on time
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = n / seconds;
        long[] machineAfter = machineCpu();
        long delivered = TestDb.count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ? and STATUS = 'delivered'", destinationId);
        if (delivered != already + n) {
            throw new AssertionError("expected " + (already + n) + " delivered, found " + delivered);
        }
        long[] cpuAfter = io.authio.tests.support.ServerCpu.millis();
        long busy = machineAfter[0] - machineBefore[0];
        long all = machineAfter[1] - machineBefore[1];
        System.out.printf(Locale.ROOT, "drain of %d: %.0f/s, machine busy %.0f%% over %.1f s (Keycloak %.0f%%, %s %.0f%% of one core)%n",
                n, perSecond, 100.0 * busy / Math.max(1, all), seconds,
                (cpuAfter[0] - cpuBefore[0]) / seconds / 10, TestDb.vendor().displayName(), (cpuAfter[1] - cpuBefore[1]) / seconds / 10);
        return new Drain(perSecond, (cpuAfter[0] - cpuBefore[0]) / (double) n, (cpuAfter[1] - cpuBefore[1]) / (double) n,
                all == 0 ? Double.NaN : busy / (double) all);
    }

    /** Reads and counts RFC 6587 octet-counted frames, as fast as it can. */
    static final class CountingTcpSink implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong bytes = new AtomicLong();

        CountingTcpSink() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread reader = new Thread(() -> {
                            try (InputStream in = s.getInputStream()) {
                                byte[] buf = new byte[65536];
                                int r;
                                while ((r = in.read(buf)) > 0) {
                                    bytes.addAndGet(r);
                                }
                            } catch (IOException ignored) {
                                // connection closed
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

    /** Accepts TCP connections and never reads: a syslog receiver that hangs. */
    static final class BlackHoleTcp implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Socket> held = new ArrayList<>();

        BlackHoleTcp() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
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
            for (Socket s : held) {
                s.close();
            }
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
