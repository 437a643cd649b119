package io.authio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * The overview's sign-in counts come from the hourly rollup for settled hours and from the decisions themselves
 * for the rest, and equal the decisions exactly: real sign-ins (allowed, denied, failed) moved three hours back,
 * the rollup rebuilt by its background job, then sign-ins in the current hour; finally the realm's retention
 * purges the rollup's counts together with the decisions.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class OverviewRollupIT {

    private static final long HOUR = 3_600_000L;

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void theOverviewCountsEachSignInOnceFromTheRollupAndTheCurrentHourAndRetentionPurgesBoth() {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "authio-overview-rollup");
        ConsoleData data = new ConsoleData(realm);
        String realmId = realm.getId();
        Users.Created alice = Users.create(realm.admin(), "rollup-alice");
        Users.Created bob = Users.create(realm.admin(), "rollup-bob");
        signIn(realm, alice.username(), Users.PASSWORD);
        signIn(realm, bob.username(), Users.PASSWORD);
        signIn(realm, alice.username(), "wrong-password");
        data.deniedSignIn(bob.username());
        long loginsBefore = TestDb.count("select count(*) from AUTHIO_RISK_DECISION where REALM_ID = ? and KIND = 'login'", realmId);
        long failedBefore = TestDb.count("select count(*) from AUTHIO_RISK_DECISION where REALM_ID = ? and KIND = 'failed_attempt'", realmId);
        assertTrue(loginsBefore >= 3 && failedBefore >= 1, loginsBefore + " sign-ins, " + failedBefore + " failed attempts");

        // these sign-ins happened three hours ago; the rollup is rebuilt as an operator would after a restore
        long past = hourOf(System.currentTimeMillis()) - 3 * HOUR + 17 * 60_000L;
        TestDb.update("update AUTHIO_RISK_DECISION set CREATED_AT = ? where REALM_ID = ?", past, realmId);
        TestDb.update("delete from AUTHIO_RISK_ROLLUP");
        ConsoleData.await(() -> rolledUntil() != null && rolledUntil() > hourOf(past), 90_000, "the rollup job to rebuild past the moved sign-ins");
        assertEquals(loginsBefore, TestDb.count("select coalesce(sum(DECISION_COUNT), 0) from AUTHIO_RISK_DECISION_HOURLY "
                + "where REALM_ID = ? and HOUR_START = ? and KIND = 'login'", realmId, hourOf(past)), "the past hour's sign-ins are rolled up");
        assertEquals(failedBefore, TestDb.count("select coalesce(sum(DECISION_COUNT), 0) from AUTHIO_RISK_DECISION_HOURLY "
                + "where REALM_ID = ? and HOUR_START = ? and KIND = 'failed_attempt'", realmId, hourOf(past)), "and its failed attempts");

        // sign-ins of the current hour, after the job ran: counted from the decisions
        signIn(realm, alice.username(), Users.PASSWORD);
        data.deniedSignIn(alice.username());
        long watermark = rolledUntil();
        long live = TestDb.count("select count(*) from AUTHIO_RISK_DECISION where REALM_ID = ? and KIND = 'login' and CREATED_AT >= ?", realmId, watermark);
        assertTrue(live >= 2, "sign-ins after the watermark: " + live);

        for (String days : List.of("1", "7", "90")) {
            JsonNode overview = data.api("GET", "/overview?days=" + days, null).json();
            long since = Instant.parse(overview.get("since").asText()).toEpochMilli();
            long until = Instant.parse(overview.get("until").asText()).toEpochMilli();
            long bucket = "hour".equals(overview.get("bucket").asText()) ? HOUR : 24 * HOUR;
            assertEquals(expected(realmId, since, until, bucket), shown(overview), "days=" + days + ": the overview equals the decisions");
            long total = 0;
            for (String d : List.of("allow", "step_up", "deny")) {
                total += overview.get("sign_ins").get("totals").get(d).asLong();
            }
            assertEquals(loginsBefore + live, total, "days=" + days + ": every sign-in counted once");
        }

        // the realm keeps sign-in decisions and failed attempts for an hour: the past hour's counts go with its rows
        assertEquals(200, data.api("PUT", "/retention", Map.of("risk_decisions", 3_600, "failed_attempts", 3_600)).status());
        ConsoleData.await(() -> TestDb.count("select count(*) from AUTHIO_RISK_DECISION_HOURLY where REALM_ID = ?", realmId) == 0
                && TestDb.count("select count(*) from AUTHIO_RISK_DECISION where REALM_ID = ? and CREATED_AT < ?", realmId, hourOf(past) + HOUR) == 0,
                60_000, "the retention purge to delete the past hour's decisions and their counts");
        JsonNode after = data.api("GET", "/overview?days=1", null).json();
        long since = Instant.parse(after.get("since").asText()).toEpochMilli();
        long until = Instant.parse(after.get("until").asText()).toEpochMilli();
        assertEquals(expected(realmId, since, until, HOUR), shown(after), "after the purge the overview still equals the decisions");
    }

    private static void signIn(Realms.TestRealm realm, String username, String password) {
        Oidc oidc = new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        oidc.passwordLogin(oidc.begin(new Browser()), username, password);
    }

    private static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR) * HOUR;
    }

    private static Long rolledUntil() {
        List<Map<String, Object>> rows = TestDb.query("select ROLLED_UNTIL from AUTHIO_RISK_ROLLUP");
        return rows.isEmpty() ? null : ((Number) rows.get(0).get("rolled_until")).longValue();
    }

    /** Non-zero counts per bucket start and decision, from the decisions themselves. */
    private static Map<String, Long> expected(String realmId, long since, long until, long bucket) {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, Object> r : TestDb.query("select CREATED_AT, DECISION from AUTHIO_RISK_DECISION where REALM_ID = ? "
                + "and KIND = 'login' and CREATED_AT >= ? and CREATED_AT < ?", realmId, since, until)) {
            long start = Math.floorDiv(((Number) r.get("created_at")).longValue(), bucket) * bucket;
            out.merge(Instant.ofEpochMilli(start) + " " + r.get("decision"), 1L, Long::sum);
        }
        return out;
    }

    /** Non-zero counts per bucket start and decision, as the overview shows them. */
    private static Map<String, Long> shown(JsonNode overview) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode b : overview.get("sign_ins").get("buckets")) {
            for (String d : List.of("allow", "step_up", "deny")) {
                if (b.get(d).asLong() > 0) {
                    out.put(b.get("start").asText() + " " + d, b.get(d).asLong());
                }
            }
        }
        return new LinkedHashMap<>(out);
    }
}
