package io.authio.tests.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README command 1 as a user runs it: the dev launcher (the same main class {@code -Pdev} runs) on a fresh
 * directory, on ports of its own so the shared test server keeps 8080. Keycloak must come up on H2 with the
 * demo realm within 3 minutes and serve the authio theme; a login by the dev user lands in the audit log.
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

    private static Process launcher;
    private static Path home;
    private static Path log;
    private static Duration startup;

    @BeforeAll
    static void launch() throws Exception {
        Path root = Path.of(System.getProperty("authio.project.root", "..")).toAbsolutePath().normalize();
        home = root.resolve("tests/target/dev-smoke");
        log = root.resolve("tests/target/dev-smoke.log");
        Files.createDirectories(home);
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
        Instant deadline = started.plus(Duration.ofMinutes(3));
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
        assertTrue(output.contains("[authio-dev] ready"), "launcher did not report ready within 3 minutes:\n" + tail(output));
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
        String admin = Json.post(BASE + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"), null)
                .json().path("access_token").asText();
        JsonNode events = Json.get(BASE + "/admin/realms/authio-demo/authio/audit-events?type=user.login.succeeded&limit=5", admin).json();
        JsonNode newest = events.path("data").path(0);
        assertEquals("user.login.succeeded", newest.path("type").asText());
        assertEquals(Oidc.DEMO_APP, newest.path("client_id").asText());
        assertEquals("demo@authio.localhost", newest.path("metadata").path("user_email").asText());
    }

    @Test
    @Order(4)
    void theMailCatcherAnswersItsJsonApi() {
        Json.Reply mail = Json.get("http://localhost:" + MAIL + "/api/messages", null);
        assertEquals(200, mail.status());
        assertTrue(mail.json().isArray());
    }

    @Test
    @Order(5)
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
