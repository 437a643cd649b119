package io.authio.tests.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.json.Json;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * A bounded soak on loopback: 200 new rows per second into every table that is purged by age (2,800 rows/s in all)
 * for 60 s, in a realm that keeps everything 5 s. Table sizes must level off at about rate × (retention + purge
 * interval) instead of growing with time, and drain once writing stops. The figures are printed for the report.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RetentionSoakIT {

    static final int ROWS_PER_SECOND = 200;
    static final int RETENTION_SECONDS = 5;
    static final int SOAK_SECONDS = 60;
    static final int SAMPLE_SECONDS = 5;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void tableSizesLevelOffUnder200NewRowsPerSecondPerTable() throws Exception {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "authio-retention-soak");
        Users.Created a = Users.create(realm.admin(), "soak-admin");
        Users.grantRealmManagement(realm.admin(), a.id(), "realm-admin");
        String token = Users.adminCliToken(realm.getBaseUrl(), a.username());
        String api = realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio/retention";
        Map<String, Object> everything = new LinkedHashMap<>();
        for (var category : io.authio.tests.support.Json.get(api, token).json().get("data")) {
            everything.put(category.get("category").asText(), RETENTION_SECONDS);
        }
        var set = io.authio.tests.support.Json.send("PUT", api, token, Json.write(everything));
        assertEquals(200, set.status(), set.body());
        String realmId = realm.getId();

        AtomicReference<Throwable> failed = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger deadlocks = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            // every 100 ms, 20 rows of each kind, each kind in a transaction of its own as the capabilities write
            // them: 200 rows/s per table. InnoDB (MariaDB) may roll one back as the victim of a deadlock with a purge
            // batch; an application retries those (SQLSTATE 40001), so the writer does, and the test bounds how often.
            long start = System.currentTimeMillis();
            try (Connection c = TestDb.connect()) {
                c.setAutoCommit(false);
                for (int tick = 0; tick < SOAK_SECONDS * 10; tick++) {
                    long due = start + tick * 100L;
                    Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                    for (RetentionRows kind : RetentionRows.values()) {
                        for (int attempt = 1; ; attempt++) {
                            try {
                                kind.insert(c, realmId, System.currentTimeMillis(), ROWS_PER_SECOND / 10);
                                c.commit();
                                transactions.incrementAndGet();
                                break;
                            } catch (java.sql.SQLException e) {
                                c.rollback();
                                if (!"40001".equals(e.getSQLState()) || attempt == 3) {
                                    throw e;
                                }
                                deadlocks.incrementAndGet();
                            }
                        }
                    }
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "soak-writer");
        writer.start();

        List<Map<RetentionRows, Long>> samples = new ArrayList<>();
        long start = System.currentTimeMillis();
        for (int s = 1; s <= SOAK_SECONDS / SAMPLE_SECONDS; s++) {
            Thread.sleep(Math.max(0, start + s * SAMPLE_SECONDS * 1000L - System.currentTimeMillis()));
            samples.add(counts(realmId));
        }
        writer.join();
        assertEquals(null, failed.get(), "the writer kept its rate");
        System.out.printf("SOAK: %d write transactions, %d rolled back by a deadlock and retried%n", transactions.get(), deadlocks.get());
        assertTrue(deadlocks.get() * 100 <= transactions.get(), "more than 1 % of the writes deadlocked with the purge: " + deadlocks.get());
        long drainStart = System.currentTimeMillis();
        Map<RetentionRows, Long> after = counts(realmId);
        while (after.values().stream().anyMatch(n -> n > 0) && System.currentTimeMillis() - drainStart < 30_000) {
            Thread.sleep(500);
            after = counts(realmId);
        }
        long drained = System.currentTimeMillis() - drainStart;
        print(samples, after, drained);

        // Without purging a table would hold rate × elapsed (12,000 rows at 60 s); with it, rate × (retention + purge
        // interval + a purge's own duration). 16 s of rows is the bound allowed here.
        long bound = (long) ROWS_PER_SECOND * (RETENTION_SECONDS + 11);
        int half = samples.size() / 2;
        for (RetentionRows kind : RetentionRows.values()) {
            long firstHalf = samples.subList(1, half).stream().mapToLong(m -> m.get(kind)).max().orElseThrow();
            long secondHalf = samples.subList(half, samples.size()).stream().mapToLong(m -> m.get(kind)).max().orElseThrow();
            assertTrue(secondHalf <= bound, kind + " reached " + secondHalf + " rows (bound " + bound + ")");
            assertTrue(secondHalf <= firstHalf * 1.25 + ROWS_PER_SECOND, kind + " kept growing: " + firstHalf + " -> " + secondHalf);
            assertEquals(0L, after.get(kind), kind + " was not purged after writing stopped");
        }
    }

    private static Map<RetentionRows, Long> counts(String realmId) {
        Map<RetentionRows, Long> out = new EnumMap<>(RetentionRows.class);
        for (RetentionRows kind : RetentionRows.values()) {
            out.put(kind, kind.count(realmId));
        }
        return out;
    }

    private static void print(List<Map<RetentionRows, Long>> samples, Map<RetentionRows, Long> after, long drainedMillis) {
        StringBuilder out = new StringBuilder("SOAK: rows per table (200 new rows/s each, realm retention 5 s, purge every 2 s)\n| table | ");
        for (int i = 1; i <= samples.size(); i++) {
            out.append(i * SAMPLE_SECONDS).append(" s | ");
        }
        out.append(String.format(Locale.ROOT, "%.1f s after writing stopped |%n", drainedMillis / 1000.0));
        for (RetentionRows kind : RetentionRows.values()) {
            out.append("| ").append(kind.name().toLowerCase(Locale.ROOT)).append(" | ");
            for (Map<RetentionRows, Long> s : samples) {
                out.append(s.get(kind)).append(" | ");
            }
            out.append(after.get(kind)).append(" |\n");
        }
        System.out.println(out);
    }
}
