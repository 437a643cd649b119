package io.authio.tests.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.admin.client.Keycloak;

import io.authio.core.json.Json;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Requirement;
import io.authio.tests.support.Users;

/**
 * What docker/test/container-tier.sh hands the container tests ({@code authio.container.*} system properties):
 * where the image runs, its admin password, how containers reach the host, and a way to run Podman.
 */
final class Tier {

    static final String REALM = "authio-demo";

    private Tier() {
    }

    /** A tier setting; without the tier script around the test skips (strict mode: fails) with the reason. */
    static String setting(Class<?> test, String name) {
        String value = System.getProperty("authio.container." + name);
        Requirement.require(test, value == null || value.isBlank()
                ? "authio.container." + name + " is not set: run docker/test/container-tier.sh" : null);
        return value;
    }

    /** Runs a command (podman, openssl) and returns its exit code and combined output. */
    record Result(int exit, String output) {
    }

    static Result run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Result r = run(command, null);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output().strip();
    }

    /** The master realm's bootstrap admin, through Keycloak's admin client. */
    static Keycloak admin(String baseUrl, String password) {
        return Keycloak.getInstance(baseUrl, "master", "admin", password, "admin-cli");
    }

    /**
     * A demo-realm user signs in through the demo app's authorization-code flow with PKCE (the real login
     * pages); returns the user and the tokens.
     */
    static Login login(Keycloak admin, String baseUrl) {
        Users.Created user = Users.create(admin.realm(REALM), "tier");
        Oidc.LoginResult result = new Oidc(baseUrl + "/realms/" + REALM, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT)
                .login(user.username(), Users.PASSWORD);
        if (!result.succeeded()) {
            throw new AssertionError("login did not reach the app: " + result.response().statusCode() + " "
                    + result.response().body());
        }
        return new Login(user, result.tokens());
    }

    record Login(Users.Created user, JsonNode tokens) {
    }

    /** The demo realm's Authio admin API as the master admin. */
    static io.authio.tests.support.Json.Reply authio(Keycloak admin, String baseUrl, String method, String path, Object body) {
        String token = admin.tokenManager().getAccessTokenString();
        return io.authio.tests.support.Json.send(method, baseUrl + "/admin/realms/" + REALM + "/authio" + path, token,
                body == null ? null : Json.write(body));
    }

    /**
     * A webhook endpoint for user logins pointing at {@code receiver} as the container reaches the host
     * ({@code hostFromContainer}), with that address allowed through the SSRF guard; returns its secret.
     */
    static String loginWebhook(Keycloak admin, String baseUrl, HttpReceiver receiver, String hostFromContainer, String path) {
        var allowed = authio(admin, baseUrl, "PUT", "/delivery-settings",
                Map.of("allowed_networks", List.of(hostFromContainer + "/32")));
        if (allowed.status() != 200) {
            throw new AssertionError("delivery-settings answered " + allowed.status() + ": " + allowed.body());
        }
        var created = authio(admin, baseUrl, "POST", "/webhooks", Map.of(
                "url", "http://" + hostFromContainer + ":" + receiver.port() + path,
                "event_types", List.of("user.login.*"), "description", "container tier"));
        if (created.status() != 201) {
            throw new AssertionError("webhook creation answered " + created.status() + ": " + created.body());
        }
        return created.json().get("secret").asText();
    }
}
