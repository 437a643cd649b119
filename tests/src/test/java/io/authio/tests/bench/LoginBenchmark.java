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
 * Login throughput and latency, stock Keycloak against Authio, on the same server in one run: two copies of
 * the demo realm, one as shipped (Authio's browser flow and event listener) and one turned back into stock
 * Keycloak (the built-in browser flow, only the jboss-logging listener, no admin events). Rounds alternate so
 * drift (JIT, database caches) hits both sides alike.
 * Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=LoginBenchmark}; writes
 * tests/target/benchmarks/login.md.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class LoginBenchmark {

    private static final int CONCURRENT_USERS = 4;
    private static final int ROUNDS = 6;
    private static final int LOGINS_PER_ROUND = 150;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void authioLoginAgainstStockKeycloakOnTheSameServer() throws Exception {
        Realms.TestRealm stock = Realms.importDemoAs(admin, urls, "bench-stock");
        RealmRepresentation rep = stock.admin().toRepresentation();
        rep.setEventsListeners(List.of("jboss-logging"));
        rep.setAdminEventsEnabled(false);
        rep.setBrowserFlow("browser");
        stock.admin().update(rep);
        Realms.TestRealm authio = Realms.importDemoAs(admin, urls, "bench-authio");

        List<String> stockUsers = LoginLoad.users(stock.admin(), CONCURRENT_USERS);
        List<String> authioUsers = LoginLoad.users(authio.admin(), CONCURRENT_USERS);
        LoginLoad.run(stock.getBaseUrl(), stockUsers, 100); // warm-up
        LoginLoad.run(authio.getBaseUrl(), authioUsers, 100);
        List<LoginLoad.Sample> a = new ArrayList<>();
        List<LoginLoad.Sample> b = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            a.add(LoginLoad.run(stock.getBaseUrl(), stockUsers, LOGINS_PER_ROUND));
            b.add(LoginLoad.run(authio.getBaseUrl(), authioUsers, LOGINS_PER_ROUND));
        }
        LoginLoad.Figures fa = LoginLoad.Figures.of(a);
        LoginLoad.Figures fb = LoginLoad.Figures.of(b);
        String text = "## Login (`LoginBenchmark`, measured " + java.time.LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + BenchReport.onDatabase() + ")\n\n"
                + "| Authorization code + PKCE, " + CONCURRENT_USERS + " concurrent users | logins/s | p50 ms | p95 ms | failures |\n"
                + "|---|---:|---:|---:|---:|\n"
                + String.format(Locale.ROOT, "| stock Keycloak (built-in browser flow, no Authio listener) | %.1f | %.1f | %.1f | %d |%n",
                        fa.perSecond(), fa.p50Millis(), fa.p95Millis(), fa.failures())
                + String.format(Locale.ROOT, "| Authio (demo realm as shipped) | %.1f | %.1f | %.1f | %d |%n",
                        fb.perSecond(), fb.p50Millis(), fb.p95Millis(), fb.failures())
                + String.format(Locale.ROOT, "| **ratio (Authio / stock)** | **%.3f×** | %.3f× | **%.3f×** | |%n",
                        fb.perSecond() / fa.perSecond(), fb.p50Millis() / fa.p50Millis(), fb.p95Millis() / fa.p95Millis())
                + "\nTwo copies of the demo realm on one server: as shipped, and turned back into stock Keycloak (built-in browser"
                + " flow, jboss-logging listener only, no admin events). Rounds of " + LOGINS_PER_ROUND + " logins alternate "
                + ROUNDS + " times per side after a warm-up. Targets: throughput >= 0.95x, p95 <= 1.10x.\n";
        Path out = BenchReport.file("login");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
        // Stock Keycloak itself rejects a rare concurrent login ("Invalid username or password" on both sides);
        // more than 1% means the figures are not about logins any more.
        if (fa.failures() + fb.failures() > 0.01 * 2 * ROUNDS * LOGINS_PER_ROUND) {
            throw new AssertionError("too many logins failed during the benchmark:\n" + text);
        }
    }
}
