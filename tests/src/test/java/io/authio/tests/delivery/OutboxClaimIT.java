package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.webhook.WebhookPayload;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;

/**
 * The dispatcher's claim on the database under test ({@code -Dauthio.db}): due messages another transaction holds
 * locked are skipped, not waited for ({@code FOR UPDATE SKIP LOCKED}, which PostgreSQL, MariaDB 10.6+ and H2 2.2+
 * all execute), so one node's claim never stalls another's; the held messages go out once the lock is released,
 * and every message is delivered exactly once. On H2 this is what stands in for the two-node ClusterIT.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class OutboxClaimIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void dueMessagesAnotherTransactionHoldsAreSkippedNotWaitedForAndGoOutOnceWhenReleased() throws Exception {
        Realms.TestRealm realm = Realms.importDemoAs(admin, urls, "authio-outbox-claim");
        Deliveries api = new Deliveries(realm);
        api.allowLoopback();
        try (HttpReceiver receiver = new HttpReceiver()) {
            receiver.respond(r -> HttpReceiver.Reply.of(200));
            String path = "/claims/" + System.nanoTime();
            String destination = api.webhook(receiver.url(path), "webhook.test").get("id").asText();
            String event = TestDb.query("select ID from AUTHIO_AUDIT_EVENT where REALM_ID = ? order by OCCURRED_AT desc", realm.getId())
                    .get(0).get("id").toString();

            // held: due in 3 s, locked by this test (by primary key: row locks only, no gap locks) before they are due
            long heldDue = System.currentTimeMillis() + 3_000;
            List<String> held = messages(realm.getId(), destination, event, 5, heldDue);
            try (Connection lock = TestDb.connect()) {
                lock.setAutoCommit(false);
                try (PreparedStatement ps = lock.prepareStatement("select ID from AUTHIO_OUTBOX where ID = ? for update")) {
                    for (String id : held) {
                        ps.setString(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertEquals(true, rs.next());
                        }
                    }
                }
                while (System.currentTimeMillis() < heldDue + 500) {
                    Thread.sleep(100);
                }
                // free: due after the held ones, so a claim that waited on the held rows would never reach them
                List<String> free = messages(realm.getId(), destination, event, 5, System.currentTimeMillis());
                Deliveries.await(() -> delivered(receiver, path).containsAll(ids(free)), 20_000,
                        "the free messages delivered while the others stay locked (a blocking claim would wait for the lock)");
                assertEquals(5, TestDb.count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ? and STATUS = 'pending' "
                        + "and ATTEMPTS = 0", destination), "the held messages were neither claimed nor attempted");
                lock.rollback();
            }
            Deliveries.await(() -> delivered(receiver, path).containsAll(ids(held)), 20_000, "the held messages delivered once released");
            Thread.sleep(1_000);
            List<String> received = receiver.requests().stream().filter(r -> r.path().equals(path)).map(r -> r.header("webhook-id")).toList();
            assertEquals(10, received.size(), "each message exactly once: " + received);
            assertEquals(10, Set.copyOf(received).size());
            assertEquals(0, TestDb.count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ? and STATUS <> 'delivered'", destination));
        } finally {
            realm.admin().remove();
        }
    }

    /** Writes due-at outbox messages directly, as the audit listener would (committed). */
    private static List<String> messages(String realmId, String destination, String event, int n, long dueAt) {
        List<Object[]> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            rows.add(new Object[] {id, realmId, destination, event, dueAt, System.currentTimeMillis()});
        }
        TestDb.batch("insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, "
                + "CREATED_AT) values (?, ?, ?, ?, 'webhook.test', 'pending', 0, ?, ?)", rows);
        return ids;
    }

    private static Set<String> ids(List<String> outboxIds) {
        return outboxIds.stream().map(WebhookPayload::messageId).collect(Collectors.toSet());
    }

    private static Set<String> delivered(HttpReceiver receiver, String path) {
        return receiver.requests().stream().filter(r -> r.path().equals(path)).map(r -> r.header("webhook-id")).collect(Collectors.toSet());
    }
}
