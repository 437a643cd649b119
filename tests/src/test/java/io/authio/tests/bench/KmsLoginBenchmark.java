package io.authio.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.testframework.annotations.InjectTestDatabase;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.database.TestDatabase;

import io.authio.core.keys.KmsEmulator;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.LoginLoad;
import io.authio.tests.support.Realms;
import io.authio.tests.support.StandaloneKeycloak;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.TestKeks;

/**
 * Logins on a realm whose data keys are wrapped by AWS KMS (the loopback emulator) against a realm whose data keys
 * are wrapped by the PKCS#12 keystore, on one server in one run: both KEK providers configured, two copies of the
 * demo realm as shipped (sealed signing keys by default). The server is started twice on one database, first with
 * {@code keystore} as the default provider (the keystore realm is created), then with {@code aws-kms} (the KMS
 * realm); rounds then alternate between the realms. Both providers keep unwrapped data keys for
 * {@value #CACHE_SECONDS} s, short enough that the measured rounds span several lifetimes: the emulator's request
 * count shows KMS stays off the sign-in path except for one {@code Decrypt} per data key and lifetime.
 * Run: {@code ./mvnw -B -Pbenchmark verify -pl tests -am -Dit.test=KmsLoginBenchmark}; writes
 * tests/target/benchmarks/kms-login.md.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class KmsLoginBenchmark {

    private static final String DATABASE = "authio_kms_bench";
    private static final int CACHE_SECONDS = 30;
    private static final int CONCURRENT_USERS = 4;
    private static final int ROUNDS = 6;
    private static final int LOGINS_PER_ROUND = 150;

    /** The tests' embedded PostgreSQL, which holds this server's database. */
    @InjectTestDatabase
    TestDatabase database;

    @Test
    void loginsOnAnAwsKmsKekAgainstAKeystoreKekOnTheSameServer() throws Exception {
        try (Connection c = TestDb.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        TestKeks.prepare();
        try (KmsEmulator kms = KmsEmulator.start()) {
            String key = kms.createKey("authio-bench");
            try (StandaloneKeycloak server = start(kms, "keystore"); Keycloak admin = admin()) {
                check(server);
                Realms.importDemoAs(admin, StandaloneKeycloak.baseUrl(), "bench-keystore");
            }
            try (StandaloneKeycloak server = start(kms, "aws-kms"); Keycloak admin = admin()) {
                check(server);
                Realms.TestRealm kmsRealm = Realms.importDemoAs(admin, StandaloneKeycloak.baseUrl(), "bench-kms");
                Realms.TestRealm keystoreRealm = new Realms.TestRealm("bench-keystore", admin.realm("bench-keystore").toRepresentation().getId(),
                        StandaloneKeycloak.baseUrl() + "/realms/bench-keystore", admin.realm("bench-keystore"));
                requireKek(keystoreRealm, TestKeks.CURRENT_ID);
                requireKek(kmsRealm, "aws-kms:" + key);

                List<String> keystoreUsers = LoginLoad.users(keystoreRealm.admin(), CONCURRENT_USERS);
                List<String> kmsUsers = LoginLoad.users(kmsRealm.admin(), CONCURRENT_USERS);
                LoginLoad.run(keystoreRealm.getBaseUrl(), keystoreUsers, 100); // warm-up
                LoginLoad.run(kmsRealm.getBaseUrl(), kmsUsers, 100);

                Map<String, Integer> before = calls(kms);
                int dataKeyDecryptsBefore = dataKeyDecrypts(kms, kmsRealm.getId());
                long start = System.nanoTime();
                List<LoginLoad.Sample> a = new ArrayList<>();
                List<LoginLoad.Sample> b = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    a.add(LoginLoad.run(keystoreRealm.getBaseUrl(), keystoreUsers, LOGINS_PER_ROUND));
                    b.add(LoginLoad.run(kmsRealm.getBaseUrl(), kmsUsers, LOGINS_PER_ROUND));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<String, Integer> after = calls(kms);
                int dataKeyDecrypts = dataKeyDecrypts(kms, kmsRealm.getId()) - dataKeyDecryptsBefore;
                long dataKeys = TestDb.countIn(DATABASE, "select count(*) from AUTHIO_DATA_KEY where REALM_ID = ?", kmsRealm.getId());
                long allowed = dataKeys * ((long) Math.ceil(seconds / CACHE_SECONDS) + 1);

                LoginLoad.Figures fa = LoginLoad.Figures.of(a);
                LoginLoad.Figures fb = LoginLoad.Figures.of(b);
                int logins = fb.logins();
                String text = "## Login on an AWS KMS KEK (`KmsLoginBenchmark`, measured " + java.time.LocalDate.now() + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores)\n\n"
                        + "| Authorization code + PKCE, " + CONCURRENT_USERS + " concurrent users, demo realm | logins/s | p50 ms | p95 ms | failures |\n"
                        + "|---|---:|---:|---:|---:|\n"
                        + String.format(Locale.ROOT, "| keystore KEK (PKCS#12) | %.1f | %.1f | %.1f | %d |%n",
                                fa.perSecond(), fa.p50Millis(), fa.p95Millis(), fa.failures())
                        + String.format(Locale.ROOT, "| aws-kms KEK (loopback emulator) | %.1f | %.1f | %.1f | %d |%n",
                                fb.perSecond(), fb.p50Millis(), fb.p95Millis(), fb.failures())
                        + String.format(Locale.ROOT, "| **ratio (aws-kms / keystore)** | **%.3f×** | %.3f× | **%.3f×** | |%n",
                                fb.perSecond() / fa.perSecond(), fb.p50Millis() / fa.p50Millis(), fb.p95Millis() / fa.p95Millis())
                        + String.format(Locale.ROOT, "%nKMS requests during the %d measured aws-kms logins (%.0f s of alternating rounds, "
                                + "cache-seconds %d, %d data key%s): Decrypt of a data key %d (at most %d allowed: one per data key and "
                                + "lifetime), all Decrypt %d, Encrypt %d, GenerateDataKey %d, DescribeKey %d.%n",
                                logins, seconds, CACHE_SECONDS, dataKeys, dataKeys == 1 ? "" : "s", dataKeyDecrypts, allowed,
                                delta(before, after, "Decrypt"), delta(before, after, "Encrypt"), delta(before, after, "GenerateDataKey"),
                                delta(before, after, "DescribeKey"))
                        + "\nOne server with both KEK providers configured; the keystore realm was created while `keystore` was the"
                        + " default provider, the KMS realm after a restart with `aws-kms` as the default. Rounds of "
                        + LOGINS_PER_ROUND + " logins alternate " + ROUNDS + " times per realm after a warm-up. cache-seconds is"
                        + " shortened from its default (600) so that the rounds span several data key lifetimes. Target: throughput"
                        + " >= 0.95x of keystore; KMS off the sign-in path's steady state. Run: `./mvnw -B -Pbenchmark verify -pl tests"
                        + " -am -Dit.test=KmsLoginBenchmark`.\n";
                Path out = Path.of("target/benchmarks/kms-login.md");
                Files.createDirectories(out.getParent());
                Files.writeString(out, text);
                System.out.println(text);
                if (fa.failures() + fb.failures() > 0.01 * 2 * ROUNDS * LOGINS_PER_ROUND) {
                    throw new AssertionError("too many logins failed during the benchmark:\n" + text);
                }
                if (dataKeyDecrypts > allowed || delta(before, after, "Encrypt") + delta(before, after, "GenerateDataKey") > 0) {
                    throw new AssertionError("KMS was called on the sign-in path more than once per data key and cache lifetime:\n" + text);
                }
            }
        }
    }

    private static StandaloneKeycloak start(KmsEmulator kms, String defaultKek) {
        List<String> options = Stream.concat(TestDb.serverArguments(DATABASE).stream(), Stream.of("--spi-authio-kek--provider-default=" + defaultKek,
                "--spi-authio-kek--keystore--path=" + TestKeks.keystore(),
                "--spi-authio-kek--keystore--password=" + TestKeks.PASSWORD,
                "--spi-authio-kek--keystore--key-alias=" + TestKeks.CURRENT_ALIAS,
                "--spi-authio-kek--keystore--cache-seconds=" + CACHE_SECONDS,
                "--spi-authio-kek--aws-kms--key-id=alias/authio-bench",
                "--spi-authio-kek--aws-kms--region=" + KmsEmulator.REGION,
                "--spi-authio-kek--aws-kms--endpoint=" + kms.endpoint(),
                "--spi-authio-kek--aws-kms--cache-seconds=" + CACHE_SECONDS)).toList();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KmsEmulator.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", KmsEmulator.SECRET_ACCESS_KEY,
                "AWS_EC2_METADATA_DISABLED", "true");
        return StandaloneKeycloak.start("bench-" + defaultKek, options, env, Duration.ofMinutes(8));
    }

    private static void check(StandaloneKeycloak server) {
        if (!server.running()) {
            throw new AssertionError("the benchmark server did not start:\n" + server.tail());
        }
    }

    private static Keycloak admin() {
        return KeycloakBuilder.builder().serverUrl(StandaloneKeycloak.baseUrl()).realm("master").clientId("admin-cli")
                .username(StandaloneKeycloak.ADMIN).password(StandaloneKeycloak.ADMIN_PASSWORD).build();
    }

    private static void requireKek(Realms.TestRealm realm, String kekId) {
        List<String> keks = TestDb.queryIn(DATABASE, "select KEK_ID from AUTHIO_DATA_KEY where REALM_ID = ?", realm.getId()).stream()
                .map(r -> (String) r.get("kek_id")).toList();
        if (keks.isEmpty() || !keks.stream().allMatch(kekId::equals)) {
            throw new AssertionError(realm.name() + "'s data keys must be wrapped by " + kekId + ": " + keks);
        }
    }

    private static Map<String, Integer> calls(KmsEmulator kms) {
        return Map.of("Decrypt", kms.calls("Decrypt"), "Encrypt", kms.calls("Encrypt"), "GenerateDataKey", kms.calls("GenerateDataKey"),
                "DescribeKey", kms.calls("DescribeKey"));
    }

    private static int delta(Map<String, Integer> before, Map<String, Integer> after, String operation) {
        return after.get(operation) - before.get(operation);
    }

    /** Decrypt requests for this realm's data keys (the readiness probe's round trips have another context). */
    private static int dataKeyDecrypts(KmsEmulator kms, String realmId) {
        return (int) kms.decryptContexts().stream().filter(c -> realmId.equals(c.get("authio:realm"))).count();
    }
}
