package io.authio.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.passwordless.MagicLinkFlow;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * How long a magic-link request takes for a known and for an unknown address (an enumeration side channel):
 * the whole HTTP round trip, in adjacent pairs whose order alternates (so drift in the machine's load falls on
 * both sides), after a warm-up; the median of the pairs' differences ignores one-sided spikes. Measured, not
 * asserted: on the shared 2-core test machine the statistic moves by several milliseconds between runs (see
 * docs/passwordless.md). Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=MagicLinkTimingBenchmark}.
 * Writes tests/target/benchmarks/magic-link-timing.md.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class MagicLinkTimingBenchmark {

    static final int PAIRS = 200;
    static final int WARM_UP_PAIRS = 20;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void knownAndUnknownAddressesAreTimedInAdjacentPairs() throws Exception {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "bench-magic-link");
        MagicLinkFlow.configure(realm.admin(), Map.of("per-ip-limit", Integer.toString(10 * (PAIRS + WARM_UP_PAIRS))));
        Oidc oidc = new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        double[] known = new double[PAIRS];
        double[] unknown = new double[PAIRS];
        double[] differences = new double[PAIRS];
        for (int i = 0; i < WARM_UP_PAIRS + PAIRS; i++) {
            String knownAddress = Users.create(realm.admin(), "timing").email();
            String unknownAddress = "nobody-" + System.nanoTime() + "@example.test";
            Browser forKnown = chosen(oidc);
            Browser forUnknown = chosen(oidc);
            double k;
            double u;
            if (i % 2 == 0) {
                k = timedRequest(forKnown, knownAddress);
                u = timedRequest(forUnknown, unknownAddress);
            } else {
                u = timedRequest(forUnknown, unknownAddress);
                k = timedRequest(forKnown, knownAddress);
            }
            if (i >= WARM_UP_PAIRS) {
                int at = i - WARM_UP_PAIRS;
                known[at] = k;
                unknown[at] = u;
                differences[at] = k - u;
            }
        }
        double[] sorted = differences.clone();
        Arrays.sort(sorted);
        String line = String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f / %.1f |", PAIRS, median(known),
                median(unknown), median(differences), sorted[PAIRS / 4], sorted[3 * PAIRS / 4]);
        System.out.println("magic link timing: " + line);
        Path out = BenchReport.file("magic-link-timing");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Magic-link request timing, known vs unknown address" + BenchReport.onDatabase() + "\n\n"
                + "| pairs | median known (ms) | median unknown (ms) | median of pair differences (ms) | quartiles of differences (ms) |\n"
                + "|---|---|---|---|---|\n" + line + "\n");
    }

    private static Browser chosen(Oidc oidc) {
        Oidc.Authorization auth = oidc.begin(new Browser());
        MagicLinkFlow.choose(auth.browser());
        return auth.browser();
    }

    private static double timedRequest(Browser browser, String email) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = MagicLinkFlow.request(browser, email);
        double millis = (System.nanoTime() - t0) / 1e6;
        assertEquals(200, response.statusCode(), response.body());
        return millis;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
