package io.authio.tests.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.authio.tests.passwordless.MagicLinkFlow;
import io.authio.tests.passwordless.Mailbox;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Dirs;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.Oidc;
import io.authio.webhooks.WebhookVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README command 1 as a user runs it: the dev launcher (the same main class {@code -Pdev} runs) on a fresh
 * directory, on ports of its own so the shared test server keeps 8080. Keycloak must come up on H2 (the dev-file
 * database) with the demo realm within 3 minutes and serve the authio theme; then every capability runs once on
 * H2, whatever {@code -Dauthio.db} the rest of the suite uses: a sign-in with its audit row and risk decision, a
 * signed webhook delivered and verified, a magic-link sign-in through the launcher's mail catcher, a DSR export
 * downloaded (and validated against docs/schemas/dsr-export.schema.json) and a deletion, and key rotations.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevLauncherSmokeIT {

    private static final int HTTP = 8280;
    private static final int MANAGEMENT = 9280;
    private static final int SMTP = 3225;
    private static final int MAIL = 8225;
    private static final int APP = 3200;
    private static final String BASE = "http://localhost:" + HTTP;
    private static final String REALM_URL = BASE + "/realms/authio-demo";
    private static final String API = BASE + "/admin/realms/authio-demo/authio";
    private static final String MAIL_API = "http://localhost:" + MAIL + "/api/messages";
    private static final String DEMO_EMAIL = "demo@authio.localhost";
    private static final Path ROOT = Path.of(System.getProperty("authio.project.root", "..")).toAbsolutePath().normalize();

    private static Process launcher;
    private static Path home;
    private static Path log;
    private static Duration startup;

    @BeforeAll
    static void launch() throws Exception {
        Path root = ROOT;
        home = root.resolve("tests/target/dev-smoke");
        log = root.resolve("tests/target/dev-smoke.log");
        Files.createDirectories(home);
        // a fresh database, as on a first run: an earlier run's H2 file would keep that run's realm (--import-realm
        // skips existing realms), and with it settings the launcher writes at import (its SMTP port)
        try (var dirs = Files.list(home)) {
            for (Path keycloak : dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-")).toList()) {
                Dirs.delete(keycloak.resolve("data"));
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dauthio.dev.dist=" + System.getProperty("authio.kc.dist"),
                "-Dauthio.dev.jars=" + System.getProperty("authio.provider.jar") + "," + System.getProperty("authio.theme.jar"),
                "-Dauthio.dev.realms=" + root.resolve("realm-config"),
                "-Dauthio.dev.home=" + home,
                "-Dauthio.dev.http-port=" + HTTP,
                "-Dauthio.dev.management-port=" + MANAGEMENT,
                "-Dauthio.dev.smtp-port=" + SMTP,
                "-Dauthio.dev.mail-port=" + MAIL,
                "-Dauthio.dev.app-port=" + APP,
                "-cp", System.getProperty("java.class.path"),
                "io.authio.dev.DevLauncher"));
        Instant started = Instant.now();
        launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // waits longer than the promised 3 minutes (asserted below) so a slow start still lets the other checks run
        Instant deadline = started.plus(Duration.ofMinutes(8));
        while (Instant.now().isBefore(deadline) && launcher.isAlive() && !Files.readString(log).contains("[authio-dev] ready")) {
            Thread.sleep(500);
        }
        startup = Duration.between(started, Instant.now());
        System.out.println("dev launcher ready after " + startup.toSeconds() + " s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy(); // SIGTERM, like Ctrl-C: the launcher's shutdown hook stops Keycloak
            launcher.waitFor(60, TimeUnit.SECONDS);
            launcher.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void theLauncherServesTheDemoRealmsDiscoveryDocumentWithinThreeMinutes() throws IOException {
        String output = Files.readString(log);
        assertTrue(output.contains("[authio-dev] ready"), "launcher did not report ready:\n" + tail(output));
        assertTrue(startup.compareTo(Duration.ofMinutes(3)) <= 0, "ready after " + startup.toSeconds() + " s, not within 3 minutes");
        Json.Reply discovery = Json.get(REALM_URL + "/.well-known/openid-configuration", null);
        assertEquals(200, discovery.status());
        assertEquals(REALM_URL, discovery.json().path("issuer").asText());
        assertTrue(output.contains(BASE + "/admin/master/console/") && output.contains(REALM_URL + "/account")
                && output.contains("http://localhost:" + APP), "the launcher prints the console, account and demo app URLs");
        Path keycloak;
        try (var dirs = Files.list(home)) {
            keycloak = dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-")).findFirst().orElseThrow();
        }
        assertTrue(Files.isRegularFile(keycloak.resolve("conf/authio-dev-kek.p12")), "dev KEK keystore created");
        assertTrue(Files.isDirectory(keycloak.resolve("data/h2")), "Keycloak runs on the H2 dev-file database");
    }

    @Test
    @Order(2)
    void theLoginPageUsesTheAuthioTheme() {
        Oidc.Authorization auth = new Oidc(REALM_URL, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).begin(new Browser());
        String page = auth.browser().last().body();
        assertTrue(page.contains("/login/authio/css/authio.css"), "login page links the authio theme's stylesheet");
        HttpResponse<String> css = auth.browser().open(BASE + page.replaceAll("(?s).*?href=\"([^\"]*/login/authio/css/authio.css)\".*", "$1"));
        assertEquals(200, css.statusCode(), "the theme's stylesheet is served from the theme jar");
    }

    @Test
    @Order(3)
    void aLoginByTheDevUserIsRecordedInTheAuditLog() {
        Oidc.LoginResult login = new Oidc(REALM_URL, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login("demo", "demo");
        assertTrue(login.succeeded(), "demo / demo signs in to the demo app: " + login.response().statusCode());
        JsonNode newest = auditEvents("user.login.succeeded").path(0);
        assertEquals("user.login.succeeded", newest.path("type").asText());
        assertEquals(Oidc.DEMO_APP, newest.path("client_id").asText());
        assertEquals("demo@authio.localhost", newest.path("metadata").path("user_email").asText());
    }

    @Test
    @Order(4)
    void theSignInIsScoredByTheRiskEngine() {
        String userId = auditEvents("user.login.succeeded").path(0).path("user_id").asText();
        JsonNode decisions = Json.get(API + "/risk-decisions?user_id=" + userId + "&limit=5", adminToken()).json().path("data");
        assertTrue(decisions.size() >= 1, "the demo user's sign-in has a risk decision: " + decisions);
        JsonNode newest = decisions.path(0);
        assertEquals("allow", newest.path("decision").asText(), newest.toString());
        assertTrue(newest.path("score").isNumber(), newest.toString());
    }

    @Test
    @Order(5)
    void aSignedWebhookIsDeliveredAndVerifies() throws Exception {
        String token = adminToken();
        assertEquals(200, Json.send("PUT", API + "/delivery-settings", token, "{\"allowed_networks\":[\"127.0.0.1/32\"]}").status());
        try (HttpReceiver receiver = new HttpReceiver()) {
            Json.Reply hook = Json.send("POST", API + "/webhooks", token,
                    "{\"url\":\"" + receiver.url("/dev-hook") + "\",\"event_types\":[\"user.login.succeeded\"]}");
            assertEquals(201, hook.status(), hook.body());
            String secret = hook.json().path("secret").asText();
            assertTrue(new Oidc(REALM_URL, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login("demo", "demo").succeeded());
            HttpReceiver.Request delivered = receiver.await(r -> r.path().equals("/dev-hook"), 30_000);
            assertNotNull(delivered, "the login was delivered from the outbox on H2");
            new WebhookVerifier(secret).verify(delivered.headers(), delivered.body());
            assertEquals("user.login.succeeded", Json.MAPPER.readTree(delivered.body()).path("type").asText());
            assertEquals(204, Json.send("DELETE", API + "/webhooks/" + hook.json().path("id").asText(), token, null).status());
        }
    }

    @Test
    @Order(6)
    void aMagicLinkFromTheMailCatcherSignsIn() throws Exception {
        Oidc oidc = new Oidc(REALM_URL, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        Oidc.Authorization auth = oidc.begin(new Browser());
        MagicLinkFlow.choose(auth.browser());
        HttpResponse<String> sent = MagicLinkFlow.request(auth.browser(), DEMO_EMAIL);
        assertTrue(sent.body().contains("id=\"authio-magic-link-sent\""), sent.body());
        String link = null;
        for (Instant until = Instant.now().plusSeconds(30); link == null && Instant.now().isBefore(until); Thread.sleep(250)) {
            for (JsonNode message : Json.get(MAIL_API, null).json()) {
                Matcher m = Mailbox.LINK.matcher(message.path("text").asText());
                if (message.path("to").asText().contains(DEMO_EMAIL) && m.find()) {
                    link = m.group(1);
                    break;
                }
            }
        }
        assertNotNull(link, "the sign-in link reached the launcher's mail catcher");
        Oidc.LoginResult login = oidc.finish(auth, Oidc.skipPasskeyOffer(auth.browser(), MagicLinkFlow.openAndConfirm(auth.browser(), link)));
        assertTrue(login.succeeded(), "the link signs the demo user in: " + login.response().statusCode());
        assertEquals("magic_link.used", auditEvents("magic_link.used").path(0).path("type").asText());
    }

    @Test
    @Order(7)
    void aDsrExportIsDownloadedWholeAndValidAndADeletionErasesTheUser() throws Exception {
        String token = adminToken();
        String username = "dsr-" + System.nanoTime();
        Json.Reply created = Json.send("POST", BASE + "/admin/realms/authio-demo/users", token, "{\"username\":\"" + username
                + "\",\"email\":\"" + username + "@authio.localhost\",\"enabled\":true,\"firstName\":\"Dee\",\"lastName\":\"Esar\"}");
        assertEquals(201, created.status(), created.body());
        String email = username + "@authio.localhost";

        String export = Json.send("POST", API + "/compliance/dsr", token, "{\"request_type\":\"export\",\"user_email\":\"" + email + "\"}")
                .json().path("dsr_id").asText();
        Json.Reply fulfilled = Json.send("POST", API + "/compliance/dsr/" + export + "/fulfill", token, "{}");
        assertEquals(200, fulfilled.status(), fulfilled.body());
        assertEquals("available", fulfilled.json().path("artifact").path("state").asText(), fulfilled.body());
        Json.Reply bundle = Json.get(API + "/compliance/dsr/" + export + "/artifact", token);
        assertEquals(200, bundle.status(), "the one-time download works on H2: " + bundle.body());
        assertEquals(fulfilled.json().path("evidence").path("artifact").path("bytes").asLong(),
                bundle.body().getBytes(StandardCharsets.UTF_8).length, "the bundle arrives whole");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(ROOT.resolve("docs/schemas/dsr-export.schema.json")));
        assertEquals(List.of(), schema.validate(bundle.body(), InputFormat.JSON).stream().map(Object::toString).toList());
        assertEquals(email, Json.MAPPER.readTree(bundle.body()).path("users").path(0).path("email").asText());
        assertEquals(410, Json.get(API + "/compliance/dsr/" + export + "/artifact", token).status(), "downloadable once");

        String deletion = Json.send("POST", API + "/compliance/dsr", token, "{\"request_type\":\"deletion\",\"user_email\":\"" + email + "\"}")
                .json().path("dsr_id").asText();
        Json.Reply erased = Json.send("POST", API + "/compliance/dsr/" + deletion + "/fulfill", token, "{}");
        assertEquals(200, erased.status(), erased.body());
        assertEquals("erased", erased.json().path("evidence").path("outcome").asText(), erased.body());
        assertEquals("[]", Json.get(BASE + "/admin/realms/authio-demo/users?exact=true&username=" + username, token).body());
    }

    @Test
    @Order(8)
    void theDataKeyAndTheSigningKeyRotateAndSignInsGoOn() {
        String token = adminToken();
        Json.Reply dataKey = Json.send("POST", API + "/keys/data-key/rotate", token, "{\"reseal\":true}");
        assertEquals(200, dataKey.status(), dataKey.body());
        int active = dataKey.json().path("active_version").asInt();
        assertTrue(active >= 2, dataKey.body());
        Json.Reply signing = Json.send("POST", API + "/keys/signing-key/rotate", token, "{\"algorithm\":\"RS256\",\"grace_period_seconds\":0}");
        assertEquals(201, signing.status(), signing.body());
        Oidc.LoginResult login = new Oidc(REALM_URL, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login("demo", "demo");
        assertTrue(login.succeeded());
        String kid = Jwt.parse(login.tokens().path("access_token").asText()).kid();
        assertEquals(signing.json().path("kid").asText(), kid, "tokens are signed with the new key: " + signing.body());
    }

    @Test
    @Order(9)
    void theMailCatcherAnswersItsJsonApi() {
        Json.Reply mail = Json.get("http://localhost:" + MAIL + "/api/messages", null);
        assertEquals(200, mail.status());
        assertTrue(mail.json().isArray());
    }

    @Test
    @Order(10)
    void stoppingTheLauncherStopsKeycloak() throws Exception {
        launcher.destroy();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "launcher exits on SIGTERM");
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && portInUse(HTTP)) {
            Thread.sleep(500);
        }
        assertFalse(portInUse(HTTP), "Keycloak stopped with the launcher");
        assertFalse(portInUse(SMTP), "the mail catcher stopped with the launcher");
    }

    private static String adminToken() {
        return Json.post(BASE + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"), null)
                .json().path("access_token").asText();
    }

    /** The demo realm's newest audit events of a type (newest first). */
    private static JsonNode auditEvents(String type) {
        return Json.get(API + "/audit-events?type=" + type + "&limit=5", adminToken()).json().path("data");
    }

    private static boolean portInUse(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
