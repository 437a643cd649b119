package io.authio.dev;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the launcher runs where. Defaults are the README's (Keycloak on 8080, SMTP on 3025, mail web view on
 * 8025, demo app on 3000); every value can be overridden by a system property {@code authio.dev.*} so a smoke
 * test can run the very same launcher on other ports.
 */
record DevSettings(Path dist, List<Path> jars, Path realms, Path home, int httpPort, int managementPort,
                   int smtpPort, int mailPort, int appPort, String adminUser, String adminPassword) {

    static DevSettings fromSystemProperties() {
        return new DevSettings(
                Path.of(required("authio.dev.dist")),
                Arrays.stream(required("authio.dev.jars").split(",")).map(String::trim).map(Path::of).toList(),
                Path.of(required("authio.dev.realms")),
                Path.of(required("authio.dev.home")),
                port("authio.dev.http-port", 8080),
                port("authio.dev.management-port", 9000),
                port("authio.dev.smtp-port", 3025),
                port("authio.dev.mail-port", 8025),
                port("authio.dev.app-port", 3000),
                System.getProperty("authio.dev.admin", "admin"),
                System.getProperty("authio.dev.admin-password", "admin"));
    }

    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    private static int port(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing -D" + name + " (run the launcher through ./mvnw -Pdev -pl dev -am -DskipTests verify)");
        }
        return value;
    }
}
