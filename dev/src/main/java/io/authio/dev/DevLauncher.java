package io.authio.dev;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * README command 1. Starts the mail catcher, Keycloak 26.7.3 in development mode (H2 dev-file database) with
 * Authio's jars, theme and the demo realm, creates the dev user {@code demo}/{@code demo}, starts the demo app,
 * and prints where everything is. Ctrl-C stops it all.
 */
public final class DevLauncher {

    static final String REALM = "authio-demo";
    static final String DEV_USER = "demo";

    private DevLauncher() {
    }

    public static void main(String[] args) throws Exception {
        DevSettings settings = DevSettings.fromSystemProperties();
        Path home = KeycloakInstall.prepare(settings);
        MailCatcher mail = MailCatcher.start(settings.smtpPort(), settings.mailPort());
        Process keycloak = startKeycloak(settings, home);
        List<AutoCloseable> running = new ArrayList<>(List.of(mail));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(keycloak, running), "authio-dev-stop"));

        if (!awaitReady(settings, keycloak, Duration.ofMinutes(5))) {
            System.err.println("[authio-dev] Keycloak did not come up (exit " + (keycloak.isAlive() ? "-" : keycloak.exitValue()) + ")");
            System.exit(1);
        }
        DevUser.ensure(settings, REALM, DEV_USER);
        running.add(DemoApp.start(settings.appPort(), settings.baseUrl() + "/realms/" + REALM));
        String base = settings.baseUrl();
        System.out.println("""

                [authio-dev] ready
                  admin console    %s/admin/master/console/#/%s   (admin / %s)
                  account console  %s/realms/%s/account              (demo / demo)
                  Authio console   %s/realms/master/authio/console/    (admin, pick %s)
                  activity+devices %s/realms/%s/authio/account/       (demo / demo)
                  demo app         http://localhost:%d                     (sign in with demo / demo)
                  OIDC discovery   %s/realms/%s/.well-known/openid-configuration
                  mail (SMTP %d)   http://localhost:%d  ·  JSON: http://localhost:%d/api/messages
                  Ctrl-C stops everything; the H2 database in %s survives restarts.
                """.formatted(base, REALM, settings.adminPassword(), base, REALM, base, REALM, base, REALM, settings.appPort(), base, REALM,
                settings.smtpPort(), settings.mailPort(), settings.mailPort(), home.resolve("data")));
        System.exit(keycloak.waitFor());
    }

    private static Process startKeycloak(DevSettings settings, Path home) throws IOException {
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort(),
                "--import-realm",
                "--spi-authio-kek--keystore--path=" + KeycloakInstall.kekKeystore(home),
                "--spi-authio-kek--keystore--password=" + KeycloakInstall.DEV_KEK_PASSWORD,
                // a development server: realms may allowlist receivers on this machine (the operator's ceiling; none
                // by default in production, see docs/configuration.md)
                "--spi-authio-delivery--authio-delivery--allowed-networks=127.0.0.0/8");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).inheritIO();
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
        System.out.println("[authio-dev] starting Keycloak: " + String.join(" ", command.subList(0, 5)) + " …");
        return builder.start();
    }

    private static boolean awaitReady(DevSettings settings, Process keycloak, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI discovery = URI.create(settings.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && keycloak.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private static void stop(Process keycloak, List<AutoCloseable> running) {
        keycloak.descendants().forEach(ProcessHandle::destroy);
        keycloak.destroy();
        try {
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.descendants().forEach(ProcessHandle::destroyForcibly);
                keycloak.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    static String form(String... pairs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            s.append(i == 0 ? "" : "&").append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return s.toString();
    }
}
