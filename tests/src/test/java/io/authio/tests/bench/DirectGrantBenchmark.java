package io.authio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.LoginLoad;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * Resource-owner password grants with the risk checks against stock Keycloak, on the same server in one run: two
 * copies of the demo realm, one as shipped ("authio direct grant": password, conditional OTP, then
 * authio-risk-direct-grant; Authio's event listeners) and one turned back into stock Keycloak (the built-in "direct
 * grant" flow, only the jboss-logging listener, no admin events). Rounds alternate so drift hits both sides alike.
 * Every grant is scored in full (profile, counters, decision insert, audit row, profile update after success).
 * Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=DirectGrantBenchmark}; writes
 * tests/target/benchmarks/direct-grant.md.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class DirectGrantBenchmark {

    private static final int CONCURRENT_USERS = 4;
    private static final int ROUNDS = 6;
    private static final int GRANTS_PER_ROUND = 300;
    private static final String CLIENT = "bench-grant";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void directGrantsWithTheRiskChecksAgainstStockKeycloakOnTheSameServer() throws Exception {
        Realms.TestRealm stock = Realms.importDemoAs(admin, urls, "bench-grant-stock");
        RealmRepresentation rep = stock.admin().toRepresentation();
        rep.setEventsListeners(List.of("jboss-logging"));
        rep.setAdminEventsEnabled(false);
        rep.setBrowserFlow("browser");
        rep.setDirectGrantFlow("direct grant");
        stock.admin().update(rep);
        Realms.TestRealm authio = Realms.importDemoAs(admin, urls, "bench-grant-authio");
        client(stock);
        client(authio);

        List<String> stockUsers = LoginLoad.users(stock.admin(), CONCURRENT_USERS);
        List<String> authioUsers = LoginLoad.users(authio.admin(), CONCURRENT_USERS);
        LoginLoad.run(stockUsers, 200, grant(stock)); // warm-up
        LoginLoad.run(authioUsers, 200, grant(authio));
        List<LoginLoad.Sample> a = new ArrayList<>();
        List<LoginLoad.Sample> b = new ArrayList<>();
        long[] cpuA = new long[2];
        long[] cpuB = new long[2];
        for (int round = 0; round < ROUNDS; round++) {
            a.add(LoginLoad.measured(cpuA, () -> LoginLoad.run(stockUsers, GRANTS_PER_ROUND, grant(stock))));
            b.add(LoginLoad.measured(cpuB, () -> LoginLoad.run(authioUsers, GRANTS_PER_ROUND, grant(authio))));
        }
        long scored = io.authio.tests.support.TestDb.count(
                "select count(*) from AUTHIO_RISK_DECISION where REALM_ID = ? and KIND = 'direct_grant'", authio.getId());
        LoginLoad.Figures fa = LoginLoad.Figures.of(a);
        LoginLoad.Figures fb = LoginLoad.Figures.of(b);
        String text = "## Direct grant (`DirectGrantBenchmark`, measured " + java.time.LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)\n\n"
                + "| Resource-owner password grant, " + CONCURRENT_USERS + " concurrent users | grants/s | p50 ms | p95 ms | failures"
                + " | server CPU ms/grant (Keycloak + " + io.authio.tests.support.TestDb.vendor().displayName() + ") |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + String.format(Locale.ROOT, "| stock Keycloak (built-in direct grant flow, no Authio listener) | %.1f | %.1f | %.1f | %d | %s |%n",
                        fa.perSecond(), fa.p50Millis(), fa.p95Millis(), fa.failures(), LoginLoad.cpuPer(cpuA, a))
                + String.format(Locale.ROOT, "| Authio (authio direct grant: risk checks, decision row, audit) | %.1f | %.1f | %.1f | %d | %s |%n",
                        fb.perSecond(), fb.p50Millis(), fb.p95Millis(), fb.failures(), LoginLoad.cpuPer(cpuB, b))
                + String.format(Locale.ROOT, "| **ratio (Authio / stock)** | **%.3f×** | %.3f× | %.3f× | | %.3f× |%n",
                        fb.perSecond() / fa.perSecond(), fb.p50Millis() / fa.p50Millis(), fb.p95Millis() / fa.p95Millis(),
                        LoginLoad.cpuRatio(cpuB, b, cpuA, a))
                + "\nTwo copies of the demo realm on one server: as shipped, and turned back into stock Keycloak (built-in direct"
                + " grant flow, jboss-logging listener only, no admin events). Rounds of " + GRANTS_PER_ROUND + " grants alternate "
                + ROUNDS + " times per side after a warm-up; " + scored + " grants were scored (one `direct_grant` decision row each)."
                + " Target: throughput >= 0.95x.\n";
        Path out = Path.of("target/benchmarks/direct-grant.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
        if (scored < (long) (ROUNDS * GRANTS_PER_ROUND) - fb.failures()) {
            throw new AssertionError("fewer decision rows than Authio grants: the benchmark did not measure the scoring\n" + text);
        }
        if (fa.failures() + fb.failures() > 0.01 * 2 * ROUNDS * GRANTS_PER_ROUND) {
            throw new AssertionError("too many grants failed during the benchmark:\n" + text);
        }
    }

    private static LoginLoad.Attempt grant(Realms.TestRealm realm) {
        String url = realm.getBaseUrl() + "/protocol/openid-connect/token";
        return (username, failure) -> {
            Json.Reply r = Json.post(url, Map.of("grant_type", "password", "client_id", CLIENT, "username", username,
                    "password", Users.PASSWORD), null);
            if (r.status() != 200) {
                failure.accept("HTTP " + r.status() + ": " + r.body());
            }
            return r.status() == 200;
        };
    }

    private static void client(Realms.TestRealm realm) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(CLIENT);
        c.setPublicClient(true);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(true);
        try (Response r = realm.admin().clients().create(c)) {
            if (r.getStatus() != 201) {
                throw new AssertionError("client creation answered " + r.getStatus());
            }
        }
    }
}
