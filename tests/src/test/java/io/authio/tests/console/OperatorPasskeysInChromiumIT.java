package io.authio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Chromium;
import io.authio.tests.support.Json;
import io.authio.tests.support.StandaloneKeycloak;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.TestKeks;

/**
 * Operators sign in with passkeys: the shipped master-realm configuration (realm-config/master/master-realm.json,
 * imported by a fresh server as docker/ does) on a Keycloak of its own, in Chromium with a virtual platform
 * authenticator. The bootstrap administrator's first password sign-in must register a passkey before the Authio
 * console opens; afterwards the passkey alone signs in, and a password alone never does.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class OperatorPasskeysInChromiumIT {

    private static final String DATABASE = "authio_operators";

    @Test
    void theBootstrapAdministratorRegistersAPasskeyAndThenSignsInWithItAloneButNeverWithAPasswordAlone() throws Exception {
        Chromium.assumeInstalled(getClass());
        TestDb.createDatabase(DATABASE);
        Path imports = StandaloneKeycloak.install().resolve("data/import");
        Files.createDirectories(imports);
        Path masterFile = imports.resolve("master-realm.json");
        try (InputStream in = getClass().getResourceAsStream("/realm-config/master/master-realm.json")) {
            Files.copy(in, masterFile, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> options = java.util.stream.Stream.concat(TestDb.serverArguments(DATABASE).stream(), java.util.stream.Stream.of("--import-realm",
                "--spi-authio-kek--keystore--path=" + TestKeks.keystore(), "--spi-authio-kek--keystore--password=" + TestKeks.PASSWORD,
                "--spi-authio-kek--keystore--key-alias=" + TestKeks.CURRENT_ALIAS)).toList();
        String console = StandaloneKeycloak.baseUrl() + "/realms/master/authio/console/";
        try (StandaloneKeycloak server = StandaloneKeycloak.start("operators", options, Map.of(), Duration.ofMinutes(4))) {
            assertTrue(server.running(), server.tail());
            Files.deleteIfExists(masterFile);

            List<Credential> passkeys;
            try (ConsoleBrowser b = new ConsoleBrowser(console)) {
                VirtualAuthenticator device = b.driver.addVirtualAuthenticator(platformAuthenticator());
                b.driver.get(console);
                b.find(By.id("username")).sendKeys(StandaloneKeycloak.ADMIN);
                b.find(By.id("password")).sendKeys(StandaloneKeycloak.ADMIN_PASSWORD);
                b.find(By.id("kc-login")).click();
                b.find(By.id("registerWebAuthn"));
                b.shot("operator-passkey-register");
                b.find(By.id("registerWebAuthn")).click();
                answerLabelPrompt(b, "Operator laptop");
                b.waitFor(() -> b.present(By.cssSelector("[data-testid='sign-out']")) ? true : null, "the console after registering the passkey");
                b.awaitText("Overview");
                passkeys = device.getCredentials();
                assertEquals(1, passkeys.size(), "the passkey lives in the authenticator");
            }
            String token = adminToken();
            JsonNode users = Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/master/users?username=" + StandaloneKeycloak.ADMIN + "&exact=true", token).json();
            JsonNode credentials = Json.get(StandaloneKeycloak.baseUrl() + "/admin/realms/master/users/" + users.get(0).get("id").asText() + "/credentials", token).json();
            assertTrue(credentials.toString().contains("webauthn-passwordless"), credentials.toString());

            try (ConsoleBrowser b = new ConsoleBrowser(console)) {
                VirtualAuthenticator device = b.driver.addVirtualAuthenticator(platformAuthenticator());
                passkeys.forEach(device::addCredential);
                b.driver.get(console);
                // the login page's passkey autofill (conditional mediation) is answered by the authenticator at once;
                // where it is not, the "Sign in with passkey" button does the same
                b.waitFor(() -> b.present(By.cssSelector("[data-testid='sign-out']")) || b.present(By.id("username")) ? true : null,
                        "the login page or the console");
                if (!b.present(By.cssSelector("[data-testid='sign-out']"))) {
                    ConsoleBrowser.sleep(3_000);
                    if (!b.present(By.cssSelector("[data-testid='sign-out']")) && b.present(By.id("authenticateWebAuthnButton"))) {
                        b.find(By.id("authenticateWebAuthnButton")).click();
                    }
                }
                b.waitFor(() -> b.present(By.cssSelector("[data-testid='sign-out']")) ? true : null, "the console after a passkey-only sign-in");
                b.awaitText("Overview");
            }

            try (ConsoleBrowser b = new ConsoleBrowser(console)) {
                b.driver.addVirtualAuthenticator(platformAuthenticator()); // a device without the operator's passkey
                b.driver.get(console);
                b.find(By.id("username")).sendKeys(StandaloneKeycloak.ADMIN);
                b.find(By.id("password")).sendKeys(StandaloneKeycloak.ADMIN_PASSWORD);
                b.find(By.id("kc-login")).click();
                b.find(By.id("authenticateWebAuthnButton"));
                b.shot("operator-password-needs-passkey");
                ConsoleBrowser.sleep(2_000);
                assertFalse(b.driver.getCurrentUrl().startsWith(console), "a password alone does not open the console");
                assertFalse(b.present(By.cssSelector("[data-testid='sign-out']")));
            }
        } finally {
            Files.deleteIfExists(masterFile);
        }
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

    private static void answerLabelPrompt(ConsoleBrowser b, String label) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                Alert prompt = b.driver.switchTo().alert();
                prompt.sendKeys(label);
                prompt.accept();
                return;
            } catch (NoAlertPresentException notYet) {
                ConsoleBrowser.sleep(100);
            }
        }
    }

    private static String adminToken() {
        Json.Reply r = Json.post(StandaloneKeycloak.baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", StandaloneKeycloak.ADMIN, "password", StandaloneKeycloak.ADMIN_PASSWORD), null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }
}
