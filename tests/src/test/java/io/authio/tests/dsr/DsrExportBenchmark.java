package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.TestDb;

/**
 * Export of a user with 100,000 audit rows: wall time of the fulfill (bundle built and stored) and of the
 * download, and the Keycloak JVM's heap use sampled with jcmd every 100 ms during both.
 * Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=DsrExportBenchmark}; writes
 * tests/target/benchmarks/dsr-export.txt.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DsrExportBenchmark {

    private static final int ROWS = 100_000;
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void exportOfAUserWith100kAuditRows() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-dsr-bench");
        String manager = f.tokenWith("manager", "manage-users", "view-users");
        DsrFixture.Subject subject = f.richUser("bench", ROWS);
        assertTrue(TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ?", subject.id()) >= ROWS);
        Optional<ProcessHandle> keycloak = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("quarkus-run.jar") || c.contains("QuarkusEntryPoint")).orElse(false))
                .findFirst();
        long pid = keycloak.map(ProcessHandle::pid).orElse(-1L);
        if (pid > 0) {
            jcmd(pid, "GC.run");
        }
        long baseline = pid > 0 ? heapUsedKb(pid) : -1;

        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean sampling = new AtomicBoolean(pid > 0);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                long used = heapUsedKb(pid);
                peak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        String id = f.createDsr(manager, "export", subject.email()).get("dsr_id").asText();
        long t0 = System.nanoTime();
        var fulfilled = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
        long fulfillMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, fulfilled.status(), fulfilled.body());
        long bytes = fulfilled.json().get("evidence").get("artifact").get("bytes").asLong();
        long auditRows = fulfilled.json().get("evidence").get("sections").get("audit_events").asLong();

        HttpClient http = HttpClient.newHttpClient();
        long t1 = System.nanoTime();
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(URI.create(f.api("/compliance/dsr/" + id + "/artifact")))
                .header("Authorization", "Bearer " + manager).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(Files.createTempFile("dsr-bench", ".json")));
        long downloadMs = (System.nanoTime() - t1) / 1_000_000;
        sampling.set(false);
        sampler.join(2000);
        assertEquals(200, download.statusCode());
        assertEquals(bytes, Files.size(download.body()));
        Files.deleteIfExists(download.body());

        String report = String.format("DSR export benchmark (%d audit rows of one user)%n"
                        + "audit_events exported: %d%nbundle: %.1f MB%nfulfill (build + store): %d ms%ndownload: %d ms%n"
                        + "Keycloak heap used after GC before the export: %s%npeak heap used during export and download: %s%n"
                        + "peak minus baseline: %s%n",
                ROWS, auditRows, bytes / 1e6, fulfillMs, downloadMs, mb(baseline), mb(peak.get()),
                baseline < 0 ? "n/a" : mb(peak.get() - baseline));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "dsr-export.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        assertTrue(auditRows >= ROWS);
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a (Keycloak process not found)" : String.format("%.0f MB", kb / 1024.0);
    }

    private static long heapUsedKb(long pid) {
        String out = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
