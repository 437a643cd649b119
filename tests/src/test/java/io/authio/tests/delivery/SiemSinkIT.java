package io.authio.tests.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.core.json.Json;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Requirement;
import io.authio.tests.support.SyslogReceiver;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/** SIEM streaming to a real rsyslog (TCP and TLS, RFC 5424, octet counting) and to HTTP collectors. */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class SiemSinkIT {

    /** RFC 5424: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG. */
    private static final Pattern RFC5424 = Pattern.compile(
            "^<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S+) (\\S+) (\\S+) (\\S+) (-|\\[.*?\\]) (.*)$");

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static SyslogReceiver syslog;
    private static HttpReceiver http;
    private Deliveries api;

    @BeforeEach
    void setUp() throws Exception {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-siem-it");
            http = new HttpReceiver();
        }
        api = new Deliveries(realm);
        api.disableAll();
        api.allowLoopback();
    }

    @AfterAll
    static void tearDown() {
        if (syslog != null) {
            syslog.close();
            syslog = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        realm = null;
    }

    private SyslogReceiver syslog() throws Exception {
        Requirement.require(getClass(), SyslogReceiver.unavailableReason());
        if (syslog == null) {
            syslog = SyslogReceiver.start();
        }
        return syslog;
    }

    private Users.Created loginOnce(String prefix, String userAgent) {
        Users.Created user = Users.create(realm.admin(), prefix);
        Browser browser = new Browser();
        if (userAgent != null) {
            browser.header("User-Agent", userAgent);
        }
        Oidc oidc = new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.passwordLogin(oidc.begin(browser), user.username(), Users.PASSWORD).succeeded());
        return user;
    }

    @Test
    void syslogOverTcpCarriesWellFormedRfc5424WithAuthioJson() throws Exception {
        SyslogReceiver rsyslog = syslog();
        api.sink(Map.of("type", "syslog", "url", "syslog+tcp://127.0.0.1:" + rsyslog.tcpPort(), "format", "json",
                "event_types", List.of("user.login.*")));

        Users.Created user = loginOnce("syslog-json", null);

        String line = rsyslog.awaitLines(l -> l.contains(user.id()), 1, 15_000).get(0);
        Matcher m = RFC5424.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(10 * 8 + 6, Integer.parseInt(m.group(1)), "authpriv.info");
        assertEquals("authio", m.group(4));
        assertEquals("user.login.succeeded", m.group(6));
        JsonNode event = Json.read(m.group(8));
        assertEquals("user.login.succeeded", event.get("type").asText());
        assertEquals(user.id(), event.get("user_id").asText());
    }

    @Test
    void syslogOverTlsCarriesOcsfAuthenticationEvents() throws Exception {
        SyslogReceiver rsyslog = syslog();
        api.sink(Map.of("type", "syslog", "url", "syslog+tls://127.0.0.1:" + rsyslog.tlsPort(), "format", "ocsf",
                "event_types", List.of("user.login.*"), "tls_ca_pem", rsyslog.certificatePem()));

        Users.Created user = loginOnce("syslog-ocsf", null);

        String line = rsyslog.awaitLines(l -> l.contains(user.id()), 1, 15_000).get(0);
        Matcher m = RFC5424.matcher(line);
        assertTrue(m.matches(), line);
        JsonNode ocsf = Json.read(m.group(8));
        assertEquals(3002, ocsf.get("class_uid").asInt());
        assertEquals(300201, ocsf.get("type_uid").asInt());
        assertEquals(1, ocsf.get("status_id").asInt());
        assertEquals(user.email(), ocsf.get("user").get("email_addr").asText());
        assertEquals("127.0.0.1", ocsf.get("src_endpoint").get("ip").asText());
    }

    @Test
    void aTlsSinkRefusesAReceiverItDoesNotTrust() throws Exception {
        SyslogReceiver rsyslog = syslog();
        JsonNode sink = api.sink(Map.of("type", "syslog", "url", "syslog+tls://127.0.0.1:" + rsyslog.tlsPort(), "format", "json",
                "event_types", List.of("siem.test")));
        String id = sink.get("id").asText();

        String deliveryId = api.call("POST", "/siem-sinks/" + id + "/test", null).json().get("delivery_id").asText();

        Deliveries.await(() -> api.call("GET", "/siem-sinks/" + id + "/deliveries/" + deliveryId, null).json()
                .get("attempt_log").size() > 0, 10_000, "an attempt");
        String error = api.call("GET", "/siem-sinks/" + id + "/deliveries/" + deliveryId, null).json()
                .get("attempt_log").get(0).get("error").asText();
        assertTrue(error.contains("SSL") || error.contains("certification") || error.contains("PKIX"), error);
        assertTrue(rsyslog.lines().stream().noneMatch(l -> l.contains(deliveryId)));
    }

    @Test
    void cefOverSyslogEscapesAHostileUserAgent() throws Exception {
        SyslogReceiver rsyslog = syslog();
        api.sink(Map.of("type", "syslog", "url", "syslog+tcp://127.0.0.1:" + rsyslog.tcpPort(), "format", "cef",
                "event_types", List.of("user.login.*")));
        String hostile = "Mozilla/5.0 |evil| cs1=forged\\ src=6.6.6.6";

        Users.Created user = loginOnce("syslog-cef", hostile);

        List<String> lines = rsyslog.awaitLines(l -> l.contains(user.id()), 1, 15_000);
        assertEquals(1, lines.size());
        String cef = RFC5424.matcher(lines.get(0)).replaceFirst("$8");
        assertTrue(cef.startsWith("CEF:0|Authio|Authio for Keycloak|"), cef);
        assertTrue(cef.contains("requestClientApplication=Mozilla/5.0 |evil| cs1\\=forged\\\\ src\\=6.6.6.6"), cef);
        assertEquals(1, cef.split(" src=").length - 1, "the forged src= is escaped, the real one stays alone: " + cef);
        assertTrue(cef.contains("duid=" + user.id()));
    }

    @Test
    void anHttpSinkReceivesNdjsonBatchesWithItsBearerCredential() throws Exception {
        String path = "/ndjson/" + System.nanoTime();
        JsonNode sink = api.sink(Map.of("type", "http", "url", http.url(path), "format", "json", "encoding", "ndjson",
                "event_types", List.of("user.login.*"), "credential", "collector-token-123"));
        assertTrue(sink.get("has_credential").asBoolean());
        assertFalse(api.call("GET", "/siem-sinks/" + sink.get("id").asText(), null).body().contains("collector-token-123"),
                "the credential is write-only");
        Users.Created user = Users.create(realm.admin(), "ndjson");
        Oidc oidc = new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        for (int i = 0; i < 4; i++) {
            assertTrue(oidc.login(user.username(), Users.PASSWORD).succeeded());
        }

        Deliveries.await(() -> http.requests().stream().filter(r -> r.path().equals(path))
                .mapToLong(r -> r.text().lines().count()).sum() >= 4, 15_000, "four events");
        for (HttpReceiver.Request r : http.requests().stream().filter(r -> r.path().equals(path)).toList()) {
            assertEquals("Bearer collector-token-123", r.header("Authorization"));
            assertTrue(r.header("Content-Type").startsWith("application/x-ndjson"));
            r.text().lines().forEach(l -> assertEquals(user.id(), Json.read(l).get("user_id").asText()));
        }
        String stored = TestDb.query("select SECRET from AUTHIO_DESTINATION where ID = ?", sink.get("id").asText()).get(0).get("secret").toString();
        assertFalse(stored.contains("collector-token-123"), "stored sealed");
    }

    @Test
    void aDeliveredBatchIsOneAttemptRowThatEveryEventOfItShowsInItsAttemptLog() throws Exception {
        String path = "/batch/" + System.nanoTime();
        String id = api.sink(Map.of("type", "http", "url", http.url(path), "format", "ocsf", "encoding", "ndjson",
                "event_types", List.of("batch.event"))).get("id").asText();
        // 40 events held back, then released at once: the dispatcher claims them together
        int n = 40;
        long hold = System.currentTimeMillis() + 3_600_000;
        List<Object[]> events = new java.util.ArrayList<>();
        List<Object[]> messages = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String eventId = io.authio.core.id.Uuid7.next();
            events.add(new Object[] {eventId, realm.getId(), System.currentTimeMillis()});
            messages.add(new Object[] {io.authio.core.id.Uuid7.next(), realm.getId(), id, eventId, hold, System.currentTimeMillis()});
        }
        TestDb.batch("insert into AUTHIO_AUDIT_EVENT (ID, REALM_ID, OCCURRED_AT, TYPE, OUTCOME, ACTOR_TYPE) "
                + "values (?, ?, ?, 'batch.event', 'success', 'system')", events);
        TestDb.batch("insert into AUTHIO_OUTBOX (ID, REALM_ID, DESTINATION_ID, EVENT_ID, EVENT_TYPE, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, "
                + "CREATED_AT) values (?, ?, ?, ?, 'batch.event', 'pending', 0, ?, ?)", messages);
        TestDb.update("update AUTHIO_OUTBOX set NEXT_ATTEMPT_AT = ? where DESTINATION_ID = ?", System.currentTimeMillis(), id);

        Deliveries.await(() -> TestDb.count("select count(*) from AUTHIO_OUTBOX where DESTINATION_ID = ? and STATUS = 'delivered'", id) == n,
                15_000, "all " + n + " delivered");
        long requests = http.requests().stream().filter(r -> r.path().equals(path)).count();
        assertEquals(n, http.requests().stream().filter(r -> r.path().equals(path)).mapToLong(r -> r.text().lines().count()).sum());
        var rows = TestDb.query("select ID, OUTBOX_ID, MESSAGES, SUCCEEDED, STATUS_CODE from AUTHIO_DELIVERY_ATTEMPT where DESTINATION_ID = ?", id);
        assertTrue(rows.size() <= requests && requests < n, "one row per request, not per event: " + rows.size() + " rows, "
                + requests + " requests for " + n + " events");
        long carried = 0;
        for (Map<String, Object> row : rows) {
            assertEquals(true, row.get("succeeded"));
            assertEquals(200, row.get("status_code"));
            if (row.get("outbox_id") == null) {
                carried += ((Number) row.get("messages")).longValue();
                assertEquals(((Number) row.get("messages")).longValue(), TestDb.count("select count(*) from AUTHIO_OUTBOX where DELIVERED_BY = ?",
                        row.get("id")), "the batch's row counts the messages that point at it");
            } else {
                carried++;
            }
        }
        assertEquals(n, carried, "every event is accounted for by exactly one successful attempt row");
        String deliveryId = (String) messages.get(n / 2)[0];
        JsonNode delivery = api.call("GET", "/siem-sinks/" + id + "/deliveries/" + deliveryId, null).json();
        assertEquals("delivered", delivery.get("status").asText());
        assertEquals(1, delivery.get("attempt_log").size(), delivery.toString());
        assertEquals(1, delivery.get("attempt_log").get(0).get("attempt").asInt());
        assertTrue(delivery.get("attempt_log").get(0).get("succeeded").asBoolean());
        assertEquals(200, delivery.get("attempt_log").get(0).get("status_code").asInt());
    }

    @Test
    void aSplunkHecSinkReceivesHecEnvelopes() throws Exception {
        String path = "/services/collector/event/" + System.nanoTime();
        api.sink(Map.of("type", "http", "url", http.url(path), "format", "ocsf", "encoding", "splunk-hec",
                "event_types", List.of("user.login.*"), "credential", "hec-token"));

        Users.Created user = loginOnce("hec", null);

        HttpReceiver.Request r = http.await(x -> x.path().equals(path) && x.text().contains(user.id()), 15_000);
        assertEquals("Splunk hec-token", r.header("Authorization"));
        JsonNode envelope = Json.read(r.text().lines().filter(l -> l.contains(user.id())).findFirst().orElseThrow());
        assertEquals("authio:ocsf", envelope.get("sourcetype").asText());
        assertEquals(3002, envelope.get("event").get("class_uid").asInt());
        assertTrue(envelope.get("time").asDouble() > 1.7e9);
    }

    @Test
    void badSinkDefinitionsAreRejected() {
        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("type", "carrier-pigeon", "url", "syslog+tcp://127.0.0.1:514", "event_types", List.of("*")),
                Map.<String, Object>of("type", "syslog", "url", "https://127.0.0.1/", "event_types", List.of("*")),
                Map.<String, Object>of("type", "syslog", "url", "syslog+tcp://127.0.0.1", "event_types", List.of("*")),
                Map.<String, Object>of("type", "syslog", "url", "syslog+tcp://127.0.0.1:514", "event_types", List.of("*"), "format", "xml"),
                Map.<String, Object>of("type", "syslog", "url", "syslog+tcp://127.0.0.1:514", "event_types", List.of("*"), "encoding", "ndjson"),
                Map.<String, Object>of("type", "http", "url", "http://127.0.0.1/", "event_types", List.of("*"), "encoding", "gzip"),
                Map.<String, Object>of("type", "syslog", "url", "syslog+tls://127.0.0.1:6514", "event_types", List.of("*"), "tls_ca_pem", "not a pem"),
                Map.<String, Object>of("type", "syslog", "url", "syslog+tcp://127.0.0.1:514", "event_types", List.of("*"), "facility", 99),
                Map.<String, Object>of("type", "syslog", "url", "syslog+tcp://127.0.0.1:514", "event_types", List.of("*"), "credential", "s3cret"),
                Map.<String, Object>of("type", "http", "url", "http://127.0.0.1/", "event_types", List.of("*"), "facility", 4))) {
            var r = api.call("POST", "/siem-sinks", body);
            assertEquals(400, r.status(), body + " -> " + r.body());
        }
    }
}
