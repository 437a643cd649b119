package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

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
        HeapSampler heap = HeapSampler.ofKeycloak();

        String id = f.createDsr(manager, "export", subject.email()).get("dsr_id").asText();
        long t0 = System.nanoTime();
        JsonNode fulfilled = f.fulfillToCompletion(manager, id, "{}", Duration.ofMinutes(10));
        long fulfillMs = (System.nanoTime() - t0) / 1_000_000;
        long bytes = fulfilled.get("evidence").get("artifact").get("bytes").asLong();
        long auditRows = fulfilled.get("evidence").get("sections").get("audit_events").asLong();

        HttpClient http = HttpClient.newHttpClient();
        long t1 = System.nanoTime();
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(URI.create(f.api("/compliance/dsr/" + id + "/artifact")))
                .header("Authorization", "Bearer " + manager).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(Files.createTempFile("dsr-bench", ".json")));
        long downloadMs = (System.nanoTime() - t1) / 1_000_000;
        heap.close();
        assertEquals(200, download.statusCode());
        assertEquals(bytes, Files.size(download.body()));
        Files.deleteIfExists(download.body());

        String report = String.format("DSR export benchmark (%d audit rows of one user)%n"
                        + "audit_events exported: %d%nbundle: %.1f MB%nfulfill (build + store): %d ms%ndownload: %d ms%n"
                        + "Keycloak heap used after GC before the export: %s%npeak heap used during export and download: %s%n"
                        + "peak minus baseline: %s%n",
                ROWS, auditRows, bytes / 1e6, fulfillMs, downloadMs, HeapSampler.mb(heap.baselineKb()), HeapSampler.mb(heap.peakKb()),
                heap.baselineKb() < 0 ? "n/a" : HeapSampler.mb(heap.peakKb() - heap.baselineKb()));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "dsr-export.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        assertTrue(auditRows >= ROWS);
    }
}
