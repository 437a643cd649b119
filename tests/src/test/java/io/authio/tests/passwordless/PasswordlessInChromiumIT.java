package io.authio.tests.passwordless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import io.authio.tests.support.Chromium;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * The passwordless flows in a real browser: Debian's Chromium driven by chromedriver, with a WebDriver
 * virtual authenticator standing in for the platform authenticator. Skipped (with a printed reason) where
 * chromium or chromedriver is not installed; .ci/run installs both.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class PasswordlessInChromiumIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static Mailbox mail;
    private ChromeDriver driver;

    @BeforeEach
    void setUp() {
        Chromium.assumeInstalled(getClass());
        if (realm == null) {
            mail = new Mailbox();
            realm = Realms.importDemoAs(admin, urls, "authio-chromium-it");
        }
        driver = Chromium.start("1280,1000");
    }

    private static VirtualAuthenticatorOptions platformAuthenticator() {
        return new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    static void tearDown() {
        if (mail != null) {
            mail.close();
            mail = null;
        }
        realm = null;
    }

    @Test
    void aPasskeyIsCreatedAfterPasswordSignInAndThenSignsInAloneWithTheVirtualAuthenticator() {
        VirtualAuthenticator authenticator = driver.addVirtualAuthenticator(platformAuthenticator());
        Users.Created user = Users.create(realm.admin(), "chromium-passkey");

        Pkce first = new Pkce();
        driver.get(first.authorizationUrl());
        find(By.id("username")).sendKeys(user.username());
        find(By.id("password")).sendKeys(Users.PASSWORD);
        shot("login");
        find(By.id("kc-login")).click();
        find(By.id("authio-passkey-create"));
        shot("passkey-offer");
        find(By.id("authio-passkey-create")).click();
        find(By.id("registerWebAuthn")).click();
        answerLabelPrompt("Chromium passkey");
        assertNotNull(first.exchange(awaitRedirect()).get("access_token"), "signed in after registering");
        assertEquals(1, authenticator.getCredentials().size(), "the passkey lives in the virtual authenticator");
        assertTrue(realm.admin().users().get(user.id()).credentials().stream()
                .anyMatch(c -> "webauthn-passwordless".equals(c.getType())));

        // a new browser (no cookies) on the same device (the passkey moves to its authenticator)
        List<Credential> passkeys = authenticator.getCredentials();
        driver.quit();
        driver = Chromium.start("1280,1000");
        VirtualAuthenticator device = driver.addVirtualAuthenticator(platformAuthenticator());
        passkeys.forEach(device::addCredential);
        Pkce second = new Pkce();
        driver.get(second.authorizationUrl());
        // the login page's autofill (conditional mediation) request is answered by the authenticator at once
        if (!redirectedWithin(5_000)) {
            // it did not complete by itself: use the "Sign in with Passkey" button
            find(By.id("authenticateWebAuthnButton")).click();
        }
        assertNotNull(second.exchange(awaitRedirect()).get("access_token"), "signed in with the passkey");
    }

    @Test
    void clickingTheEmailedLinkSignsIn() {
        Users.Created user = Users.create(realm.admin(), "chromium-link");
        Pkce pkce = new Pkce();
        driver.get(pkce.authorizationUrl());
        find(By.id("try-another-way")).click();
        find(By.xpath("//*[@role='button'][contains(., 'Email me a sign-in link')]")).click();
        find(By.id("email")).sendKeys(user.email());
        shot("magic-link-request");
        find(By.id("authio-magic-link-send")).click();
        find(By.id("authio-magic-link-sent"));
        shot("magic-link-sent");

        Mailbox.MagicLinkEmail email = mail.await(user.email(), 1);
        driver.get(email.link());
        find(By.id("authio-magic-link-confirm-submit"));
        shot("magic-link-confirm");
        find(By.id("authio-magic-link-confirm-submit")).click();
        find(By.id("authio-passkey-later")).click();
        assertNotNull(pkce.exchange(awaitRedirect()).get("access_token"));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** Saves a screenshot of the current page to target/screenshots (docs/passwordless.md shows them). */
    private void shot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException | WebDriverException e) {
            System.out.println("screenshot " + name + " failed: " + e);
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

    private void answerLabelPrompt(String label) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                Alert prompt = driver.switchTo().alert();
                prompt.sendKeys(label);
                prompt.accept();
                return;
            } catch (NoAlertPresentException notYet) {
                Mailbox.sleep(100);
            }
        }
        // no prompt: the page labels the passkey itself
    }

    private boolean redirectedWithin(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            String url = driver.getCurrentUrl();
            if (url != null && url.startsWith(Oidc.DEMO_REDIRECT)) {
                return true;
            }
            Mailbox.sleep(100);
        }
        return false;
    }

    private String awaitRedirect() {
        return waitFor(() -> {
            String url = driver.getCurrentUrl();
            return url != null && url.startsWith(Oidc.DEMO_REDIRECT) ? url : null;
        }, "the redirect to the app (at " + driver.getCurrentUrl() + ")");
    }

    private static <T> T waitFor(Supplier<T> probe, String what) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Mailbox.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** An authorization request with PKCE as the demo app sends it, and the code exchange. */
    private final class Pkce {
        final String verifier = random(48);
        final String state = random(16);

        String authorizationUrl() {
            return realm.baseUrl() + "/protocol/openid-connect/auth?client_id=" + Oidc.DEMO_APP
                    + "&redirect_uri=" + enc(Oidc.DEMO_REDIRECT) + "&response_type=code&scope=openid"
                    + "&state=" + state + "&code_challenge=" + s256(verifier) + "&code_challenge_method=S256";
        }

        JsonNode exchange(String redirect) {
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : URI.create(redirect).getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            assertEquals(state, query.get("state"));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "authorization_code");
            form.put("code", query.get("code"));
            form.put("redirect_uri", Oidc.DEMO_REDIRECT);
            form.put("client_id", Oidc.DEMO_APP);
            form.put("code_verifier", verifier);
            return Json.post(realm.baseUrl() + "/protocol/openid-connect/token", form, null).json();
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
