package io.authio.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.authio.core.keys.DevKeystore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Keycloak installation the launcher runs: the distribution unzipped once (a second run reuses it and its
 * H2 dev-file database), the freshly built jars in {@code providers/}, the realm files in {@code data/import},
 * and a development KEK keystore created on first run.
 */
final class KeycloakInstall {

    /** Dev only: the keystore sits next to the dev database; production keystores live outside Keycloak. */
    static final String DEV_KEK_PASSWORD = "authio-dev-kek";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakInstall() {
    }

    static Path prepare(DevSettings settings) throws IOException {
        Path home = unzipOnce(settings.dist(), settings.home());
        for (Path jar : settings.jars()) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": build it first (./mvnw -Pdev -pl dev -am -DskipTests verify)");
            }
            Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (var files = Files.list(settings.realms())) {
            for (Path realm : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                writeImport(realm, imports.resolve(realm.getFileName()), settings.smtpPort());
            }
        }
        if (DevKeystore.createIfMissing(kekKeystore(home), DEV_KEK_PASSWORD.toCharArray())) {
            System.out.println("[authio-dev] created the development KEK keystore " + kekKeystore(home));
        }
        home.resolve("bin/kc.sh").toFile().setExecutable(true);
        return home;
    }

    /**
     * Copies a realm file for import, pointing its SMTP server at the launcher's mail catcher: the shipped realm
     * names port 3025, and a launcher on another SMTP port (-Dauthio.dev.smtp-port) would otherwise send its mail
     * nowhere.
     */
    private static void writeImport(Path realm, Path target, int smtpPort) throws IOException {
        JsonNode json = JSON.readTree(realm.toFile());
        if (json.get("smtpServer") instanceof ObjectNode smtp && smtp.has("port") && !String.valueOf(smtpPort).equals(smtp.get("port").asText())) {
            smtp.put("port", String.valueOf(smtpPort));
            JSON.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), json);
        } else {
            Files.copy(realm, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Path kekKeystore(Path home) {
        return home.resolve("conf/authio-dev-kek.p12");
    }

    private static Path unzipOnce(Path dist, Path target) throws IOException {
        Path marker = target.resolve(".unzipped-" + dist.getFileName());
        if (!Files.exists(marker)) {
            if (!Files.isRegularFile(dist)) {
                throw new IllegalStateException("Keycloak distribution not found at " + dist);
            }
            System.out.println("[authio-dev] unpacking " + dist.getFileName() + " into " + target);
            deleteTree(target);
            Files.createDirectories(target);
            unzip(dist, target);
            Files.createFile(marker);
        }
        try (var dirs = Files.list(target)) {
            return dirs.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith("keycloak"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no keycloak directory in " + target));
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
