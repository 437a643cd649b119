package io.authio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.config.Config;
import org.keycloak.testframework.server.KeycloakUrls;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.authio.tests.risk.RiskEnvironmentFiles;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Chromium;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * The Authio console and the end users' page in Debian's Chromium, as an operator and a user would use them: sign
 * in with authorization code + PKCE on Keycloak's login page, then work only through the console's pages, whose
 * effects are checked where they land (a real HTTP receiver, a downloaded file, Authio's API). Screenshots of
 * every page go to target/screenshots (docs/admin-console.md shows them). Skipped, with the reason printed,
 * where chromium or chromedriver is missing.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class ConsoleInChromiumIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static ConsoleData data;
    private static Users.Created operator;
    private static HttpReceiver receiver;

    @BeforeEach
    void setUp() throws java.io.IOException {
        Chromium.assumeInstalled(getClass());
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-console-ui");
            data = new ConsoleData(realm);
            operator = Users.create(realm.admin(), "operator");
            Users.grantRealmManagement(realm.admin(), operator.id(), "realm-admin");
            receiver = new HttpReceiver();
            receiver.respond(r -> HttpReceiver.Reply.of(200));
        }
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        realm = null;
    }

    private String consoleUrl() {
        return realm.getBaseUrl() + "/authio/console/";
    }

    private String route(String page) {
        return "#/" + realm.name() + "/" + page;
    }

    @Test
    void theOverviewShowsSignInsBySignalsDeliveryHealthAndDsrsDue() {
        Users.Created denied = Users.create(realm.admin(), "overview-denied");
        data.deniedSignIn(denied.username());
        data.dsr("deletion", "overview-subject@example.test");
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("overview"));
            b.awaitText("Sign-ins by decision", "Top firing signals", "Denylisted address", "Data-subject requests");
            int denies = Integer.parseInt(b.testid("total-deny").getText().split("\\s")[0].replaceAll("[^0-9]", ""));
            assertTrue(denies >= 1, "the denied sign-in is counted");
            assertTrue(b.present(By.cssSelector("[data-testid='sign-ins-chart'] canvas")), "uPlot drew the chart");
            assertTrue(b.testid("dsr-figures").getText().contains("1"));
            b.shot("console-overview");
            assertEquals(0L, b.js("return window.localStorage.length"), "nothing in localStorage");
        }
    }

    @Test
    void aWebhookCreatedInTheConsoleShowsItsSecretOnceAndItsTestEventArrivesAndReplays() throws InterruptedException {
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("delivery-settings"));
            b.type("allowed_networks", "127.0.0.1/32");
            b.testid("save").click();
            b.awaitText("Saved.");
            b.shot("console-delivery-settings");

            b.open(route("webhooks"));
            b.testid("create").click();
            b.type("url", receiver.url("/console-hook"));
            b.type("event_types", "webhook.test user.login.*");
            b.type("description", "Console hook");
            b.shot("console-webhook-create");
            b.testid("save").click();
            String secret = b.testid("secret-once").getAttribute("value");
            assertTrue(secret.startsWith("whsec_"), secret);
            b.shot("console-webhook-secret");
            b.closeDialog();
            b.awaitText("Console hook", receiver.url("/console-hook"));
            String shownAfter = b.text();
            assertFalse(shownAfter.contains(secret), "the secret is shown once, in its dialog only");

            b.testid("test").click();
            HttpReceiver.Request first = receiver.await(r -> r.path().equals("/console-hook"), 20_000);
            assertNotNull(first.header("webhook-signature"), "a signed Standard Webhooks request");
            assertTrue(first.text().contains("webhook.test"), first.text());
            b.waitFor(() -> {
                b.testid("refresh-deliveries").click();
                ConsoleBrowser.sleep(300);
                return b.text().contains("delivered") ? true : null;
            }, "the delivery shown as delivered");
            b.shot("console-webhook");
            // the receiver fails the next test event until it is dead-lettered (the tests' retry schedule: ~6 s), then
            // recovers; the operator replays the dead letter from its attempts
            receiver.respond(r -> HttpReceiver.Reply.of(r.path().equals("/console-hook") ? 503 : 200));
            b.testid("test").click();
            b.waitFor(() -> {
                b.testid("refresh-deliveries").click();
                ConsoleBrowser.sleep(500);
                return Boolean.TRUE.equals(b.js("const c = document.querySelector(\"[data-testid='deliveries-table'] tbody tr td:nth-child(3)\");"
                        + " return c !== null && c.textContent.includes('dead letter')")) ? true : null;
            }, "the failing delivery dead-lettered");
            receiver.respond(r -> HttpReceiver.Reply.of(200));
            int before = receiver.requests().size();
            b.driver.findElements(By.cssSelector("[data-testid='attempts']")).get(0).click();
            b.awaitText("HTTP status", "503");
            b.shot("console-webhook-attempts");
            b.testid("replay").click();
            b.waitFor(() -> receiver.requests().size() > before && receiver.requests().get(receiver.requests().size() - 1).text()
                    .contains("webhook.test") ? true : null, "the replayed event at the receiver");
            b.open(route("webhooks"));
            b.awaitText("Console hook", "Delivering");
            b.shot("console-webhooks");
        }
    }

    @Test
    void aSiemSinkIsCreatedAndEditedInTheConsole() {
        assertEquals(200, data.api("PUT", "/delivery-settings", Map.of("allowed_networks", List.of("127.0.0.1/32"))).status());
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("siem-sinks"));
            b.testid("create").click();
            b.type("url", receiver.url("/console-sink"));
            b.type("description", "Console sink");
            b.testid("save").click();
            b.awaitText("SIEM sink", "Console sink");
            b.testid("edit").click();
            b.choose(b.find(By.cssSelector("dialog[open] [name='format']")), "ocsf");
            b.type("description", "Console sink (OCSF)");
            b.testid("save").click();
            b.awaitText("Console sink (OCSF)", "http · ocsf · ndjson");
            b.shot("console-siem-sink");
        }
        JsonNode sinks = data.api("GET", "/siem-sinks", null).json().get("data");
        assertTrue(sinks.toString().contains("\"format\":\"ocsf\""), sinks.toString());
    }

    @Test
    void aDsrIsCreatedFulfilledAndItsBundleDownloaded() throws Exception {
        Users.Created subject = Users.create(realm.admin(), "dsr-subject");
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("dsrs"));
            b.testid("create").click();
            b.choose(b.find(By.cssSelector("dialog[open] [name='request_type']")), "export");
            b.type("user_email", subject.email());
            b.type("notes", "Ticket 4711");
            b.testid("save").click();
            b.awaitText("The request was recorded.", subject.email(), "pending");
            b.shot("console-dsrs");
            b.testid("fulfil").click();
            b.testid("confirm-fulfil").click();
            b.awaitText("The request is completed.");
            b.testid("download").click();
            Path bundle = b.awaitDownload(".json");
            String json = b.waitFor(() -> {
                try {
                    String s = Files.readString(bundle);
                    return s.endsWith("}") || s.endsWith("}\n") ? s : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }, "the whole bundle");
            assertTrue(json.contains(subject.username()), "the export bundle holds the subject's account");
            b.shot("console-dsrs-completed");
        }
    }

    @Test
    void anApiKeyIsIssuedShownOnceAndRevoked() {
        String client = data.serviceClient("console-keys-" + System.nanoTime());
        String serviceAccount = realm.admin().clients().get(realm.admin().clients().findByClientId(client).get(0).getId())
                .getServiceAccountUser().getId();
        Users.grantRealmManagement(realm.admin(), serviceAccount, "view-events"); // the key acts with these roles
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("api-keys"));
            b.testid("create").click();
            b.type("name", "Console key");
            b.type("client_id", client);
            b.testid("scope-audit:read").click();
            b.testid("save").click();
            String key = b.testid("secret-once").getAttribute("value");
            assertTrue(key.startsWith("sk_live_"), key);
            b.closeDialog();
            assertEquals(200, Json.get(data.adminUrl("/authio/audit-events"), key).status(), "the new key works");
            b.awaitText("Console key", "active", "audit:read");
            b.shot("console-api-keys");
            b.testid("revoke").click();
            b.testid("confirm").click();
            b.awaitText("Console key is revoked.");
            assertEquals(401, Json.get(data.adminUrl("/authio/audit-events"), key).status(), "the revoked key is refused");
        }
    }

    @Test
    void riskDecisionsExplainEachSignalAndTheAuditLogAndTimelineFollowTheUser() throws Exception {
        Users.Created denied = Users.create(realm.admin(), "explained");
        data.deniedSignIn(denied.username());
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("risk-decisions?user_id=" + denied.id()));
            b.awaitText("Deny", RiskEnvironmentFiles.DENYLISTED_IP);
            b.shot("console-risk-decisions");
            b.testid("explain").click();
            b.awaitText("Denylisted address", "The address is in a network on the operator's denylist.", "Contribution");
            b.shot("console-risk-explained");
            b.closeDialog();

            b.open(route("audit?user_id=" + denied.id()));
            b.awaitText("risk.denied", "risk.evaluated");
            b.shot("console-audit");
            b.testid("download-ndjson").click();
            Path file = b.awaitDownload(".ndjson");
            String ndjson = b.waitFor(() -> {
                try {
                    String s = Files.readString(file);
                    return s.contains("risk.denied") ? s : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }, "the NDJSON download");
            for (String line : ndjson.strip().split("\n")) {
                assertEquals(denied.id(), Json.MAPPER.readTree(line).get("user_id").asText(), "the download applies the filter");
            }

            b.open(route("timeline?user=" + denied.id()));
            b.awaitText("Risk decision", "risk.denied");
            b.shot("console-timeline");
        }
    }

    @Test
    void keysRotateAndRiskSettingsSaveOrShowTheApisRefusal() {
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), route("keys"));
            b.awaitText("Data keys", "Sealed signing keys", "Rotation records");
            b.testid("rotate-data-key").click();
            b.testid("confirm").click();
            b.awaitText("is now active", "data key rotated");
            b.shot("console-keys");

            b.open(route("risk-settings"));
            WebElement deny = b.find(By.cssSelector("[name='deny']"));
            deny.clear();
            deny.sendKeys("91");
            b.testid("save").click();
            b.awaitText("Saved.");
            assertEquals(91, data.api("GET", "/risk-settings", null).json().path("thresholds").path("deny").asInt());
            deny = b.find(By.cssSelector("[name='deny']"));
            deny.clear();
            deny.sendKeys("20");
            b.testid("save").click();
            b.awaitText("thresholds.deny must be at least thresholds.step_up");
            b.shot("console-risk-settings");
            assertEquals(91, data.api("GET", "/risk-settings", null).json().path("thresholds").path("deny").asInt(), "a refused save changes nothing");
        }
    }

    @Test
    void anEndUserSeesTheirActivityAndForgetsADevice() {
        Users.Created user = Users.create(realm.admin(), "account-user");
        try (ConsoleBrowser b = new ConsoleBrowser(realm.getBaseUrl() + "/authio/account/")) {
            b.signIn(user.username(), null);
            b.awaitText("Known devices", "Recent activity", "Signed in");
            WebElement devices = b.testid("devices-table");
            assertTrue(devices.getText().contains("Chrome"), devices.getText());
            b.shot("account-page");
            String token = Users.adminCliToken(realm.getBaseUrl(), user.username());
            assertEquals(1, Json.get(realm.getBaseUrl() + "/authio/devices", token).json().get("data").size());
            b.testid("revoke-device").click();
            b.testid("confirm").click();
            b.awaitText("The device is forgotten.");
            assertEquals(0, Json.get(realm.getBaseUrl() + "/authio/devices", token).json().get("data").size(), "the device is gone");
        }
    }

    @Test
    void theConsoleSpeaksGermanAndWorksWithTheKeyboardOnANarrowScreen() {
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl(), "420,900", "de-DE")) {
            b.signIn(operator.username(), route("overview"));
            b.awaitText("Übersicht", "Anmeldungen nach Entscheidung");
            WebElement toggle = b.testid("nav-toggle");
            assertEquals("false", toggle.getAttribute("aria-expanded"));
            b.shot("console-narrow-de");
            // keyboard only: focus the menu button, open the menu, tab to "Audit-Log", follow it
            b.js("arguments[0].focus()", toggle);
            toggle.sendKeys(Keys.ENTER);
            assertEquals("true", toggle.getAttribute("aria-expanded"));
            WebElement audit = b.testid("nav-audit");
            b.waitFor(() -> audit.isDisplayed() ? true : null, "the menu to open");
            b.shot("console-narrow-de-menu");
            for (int i = 0; i < 20 && !audit.equals(b.driver.switchTo().activeElement()); i++) {
                b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            }
            assertEquals(audit, b.driver.switchTo().activeElement(), "the menu is reachable with Tab");
            audit.sendKeys(Keys.ENTER);
            b.awaitText("Audit-Log", "NDJSON herunterladen");
        }
    }

    @Test
    void aMasterAdministratorSignsInToMastersConsoleAndPicksTheRealm() {
        try (ConsoleBrowser b = new ConsoleBrowser(urls.getBase() + "/realms/master/authio/console/")) {
            b.signIn(Config.getAdminUsername(), Config.getAdminPassword(), null);
            WebElement picker = b.testid("realm-picker");
            assertTrue(b.options(picker).contains(realm.name()), "the test realm can be picked: " + b.options(picker));
            b.choose(picker, realm.name());
            b.waitFor(() -> b.driver.getCurrentUrl().contains("#/" + realm.name() + "/overview") ? true : null, "the realm's overview");
            b.awaitText("Sign-ins by decision");
            b.shot("console-master-realm-picker");
        }
    }
}
