package io.authio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.authio.tests.support.Chromium;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * Authio's pages in the real Keycloak admin console (Debian's Chromium via chromedriver): an administrator signs
 * in at /admin/master/console/, opens each Authio page of a test realm and sees the records made through Authio's
 * API and a real denied sign-in; a risk setting changed in the console's form is read back through the API.
 * Skipped (with a printed reason) where chromium or chromedriver is missing.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AdminConsoleInChromiumIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static ConsoleData data;
    private static HttpReceiver receiver;
    private ChromeDriver driver;

    @BeforeEach
    void setUp() throws java.io.IOException {
        Chromium.assumeInstalled(getClass());
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-console-chromium");
            data = new ConsoleData(realm);
            receiver = new HttpReceiver();
            receiver.respond(r -> HttpReceiver.Reply.of(200));
        }
        driver = Chromium.start("1400,1100");
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        realm = null;
        data = null;
    }

    @Test
    void everyAuthioPageShowsTheRecordsMadeThroughTheApi() {
        assertEquals(200, data.api("PUT", "/delivery-settings", Map.of("allowed_networks", List.of("127.0.0.1/32"))).status());
        JsonNode hook = webhook(receiver.url("/chromium-hook"));
        JsonNode sink = created(data.api("POST", "/siem-sinks", Map.of("type", "http", "url", receiver.url("/chromium-sink"),
                "event_types", List.of("*"), "description", "chromium sink")));
        String client = data.serviceClient("chromium-keys");
        JsonNode key = data.apiKey("chromium key", client, "audit:read");
        JsonNode dsr = data.dsr("deletion", "chromium-subject@example.test");
        Users.Created user = Users.create(realm.admin(), "chromium-denied");
        data.deniedSignIn(user.username());

        signIn();
        open("page-section/authio-webhooks");
        awaitText(hook.get("url").asText(), "chromium webhook");
        shot("console-webhooks");
        open("page-section/authio-siem-sinks");
        awaitText(sink.get("url").asText());
        open("page-section/authio-api-keys");
        awaitText("chromium key", key.get("prefix").asText(), "active");
        shot("console-api-keys");
        open("page-section/authio-dsrs");
        awaitText("chromium-subject@example.test", "deletion", "pending", dsr.get("due_at").asText());
        shot("console-dsrs");
        open("page-section/authio-risk-decisions");
        awaitText(user.username(), "deny");
        shot("console-risk-decisions");
        String keyText = bodyText();
        assertTrue(!keyText.contains(key.get("key").asText()), "never an API key secret on a page");
    }

    @Test
    void aRiskSettingChangedInTheConsoleIsWhatTheApiReturns() {
        JsonNode settings = data.api("GET", "/risk-settings", null).json();
        ((ObjectNode) settings.get("thresholds")).put("step_up", 33).put("deny", 80);
        assertEquals(200, data.api("PUT", "/risk-settings", settings).status());

        signIn();
        open("realm-settings/authio-risk-settings");
        WebElement deny = find(By.cssSelector("input[name='config.deny_threshold']"));
        WebElement stepUp = find(By.cssSelector("input[name='config.step_up_threshold']"));
        waitFor(() -> "80".equals(deny.getAttribute("value")) ? true : null, "the deny threshold set through the API (80)");
        assertEquals("33", stepUp.getAttribute("value"));
        shot("console-risk-settings");

        deny.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        deny.sendKeys("91");
        find(By.cssSelector("[data-testid='save']")).click();
        waitFor(() -> data.api("GET", "/risk-settings", null).json().path("thresholds").path("deny").asInt() == 91 ? true : null,
                "the API to return the deny threshold saved in the console");
        awaitText("Saved successfully"); // the console's alert

        deny.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        deny.sendKeys("20"); // below the step-up threshold: refused with the API's message
        find(By.cssSelector("[data-testid='save']")).click();
        awaitText("thresholds.deny must be at least thresholds.step_up");
        shot("console-risk-settings-refused");
        assertEquals(91, data.api("GET", "/risk-settings", null).json().path("thresholds").path("deny").asInt());
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private JsonNode webhook(String url) {
        return created(data.api("POST", "/webhooks", Map.of("url", url, "event_types", List.of("user.login.*"), "description", "chromium webhook")));
    }

    private static JsonNode created(io.authio.tests.support.Json.Reply r) {
        if (r.status() != 201) {
            throw new AssertionError(r.status() + ": " + r.body());
        }
        return r.json();
    }

    private String consoleUrl(String route) {
        return urls.getBase() + "/admin/master/console/#/" + realm.name() + "/" + route;
    }

    /** Signs in to the master realm's admin console as the test framework's administrator. */
    private void signIn() {
        driver.get(consoleUrl("realm-settings"));
        find(By.id("username")).sendKeys(Config.getAdminUsername());
        find(By.id("password")).sendKeys(Config.getAdminPassword());
        find(By.id("kc-login")).click();
        waitFor(() -> driver.getCurrentUrl().contains("/admin/master/console/") && bodyText().contains("Realm settings") ? true : null,
                "the admin console after sign-in");
    }

    private void open(String route) {
        driver.get(consoleUrl(route));
        driver.navigate().refresh(); // a hash change alone may not re-render every page
    }

    private void awaitText(String... texts) {
        waitFor(() -> {
            String body = bodyText();
            for (String t : texts) {
                if (!body.contains(t)) {
                    return null;
                }
            }
            return true;
        }, "texts " + List.of(texts) + " on " + driver.getCurrentUrl());
    }

    private String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (WebDriverException notYet) {
            return "";
        }
    }

    private WebElement find(By by) {
        return waitFor(() -> {
            try {
                WebElement e = driver.findElement(by);
                return e.isDisplayed() ? e : null;
            } catch (WebDriverException notYet) {
                return null;
            }
        }, "element " + by + " on " + driver.getCurrentUrl());
    }

    private <T> T waitFor(Supplier<T> probe, String what) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        shot("timeout");
        throw new AssertionError("timed out waiting for " + what + "; page text:\n" + bodyText());
    }

    /** Saves a screenshot to target/screenshots (useful when a wait times out). */
    private void shot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException | WebDriverException e) {
            System.out.println("screenshot " + name + " failed: " + e);
        }
    }
}
