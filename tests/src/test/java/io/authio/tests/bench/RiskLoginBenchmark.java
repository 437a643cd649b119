package io.authio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.LoginLoad;
import io.authio.tests.support.Realms;

/**
 * Login throughput and latency with the risk engine ("authio browser": password form, then the
 * "authio risk checks" sub-flow) against Keycloak's stock browser flow, on the same server and realm, in
 * alternating rounds. Every login is a full authorization code + PKCE login from a fresh browser (so a
 * new device each time: the engine does its whole work, including the device and profile writes).
 * Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=RiskLoginBenchmark}. Writes
 * tests/target/benchmarks/risk.md (copied into docs/benchmarks.md by hand).
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RiskLoginBenchmark {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void loginsWithTheRiskEngineAgainstTheStockBrowserFlow() throws Exception {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "bench-risk");
        List<String> users = LoginLoad.users(realm.admin(), 4);

        useFlow(realm, "browser");
        LoginLoad.run(realm.getBaseUrl(), users, 100); // warm-up
        useFlow(realm, "authio browser");
        LoginLoad.run(realm.getBaseUrl(), users, 100);
        List<LoginLoad.Sample> stock = new ArrayList<>();
        List<LoginLoad.Sample> risk = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            useFlow(realm, "browser");
            stock.add(LoginLoad.run(realm.getBaseUrl(), users, 150));
            useFlow(realm, "authio browser");
            risk.add(LoginLoad.run(realm.getBaseUrl(), users, 150));
        }
        LoginLoad.Figures a = LoginLoad.Figures.of(stock);
        LoginLoad.Figures b = LoginLoad.Figures.of(risk);
        StringBuilder report = new StringBuilder();
        report.append("## Risk engine (measured ").append(java.time.LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores)\n\n");
        report.append("| Login (auth code + PKCE, 4 concurrent, 6 alternating rounds of 150) | logins/s | p50 ms | p95 ms | failures |\n|---|---:|---:|---:|---:|\n");
        report.append(String.format(Locale.ROOT, "| stock browser flow | %.1f | %.1f | %.1f | %d |%n", a.perSecond(), a.p50Millis(), a.p95Millis(), a.failures()));
        report.append(String.format(Locale.ROOT, "| authio browser (risk checks) | %.1f | %.1f | %.1f | %d |%n", b.perSecond(), b.p50Millis(), b.p95Millis(), b.failures()));
        report.append(String.format(Locale.ROOT, "| **ratio (risk / stock)** | **%.3f×** | %.3f× | **%.3f×** | |%n",
                b.perSecond() / a.perSecond(), b.p50Millis() / a.p50Millis(), b.p95Millis() / a.p95Millis()));
        Path out = Path.of("target/benchmarks/risk.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
    }

    private static void useFlow(Realms.TestRealm realm, String alias) {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setBrowserFlow(alias);
        realm.admin().update(rep);
    }
}
