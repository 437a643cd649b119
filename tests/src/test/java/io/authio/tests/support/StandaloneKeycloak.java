package io.authio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A second, separately configured Keycloak (the same 26.7.3 distribution and Authio jar) for the few tests
 * that need a server configuration of their own or must watch a server refuse to start: PKCS#11 and AWS KMS KEKs and
 * the startup check. Runs {@code kc.sh start-dev} on ports 8181/9181 against its own database in the tests'
 * embedded PostgreSQL, so the shared server is never restarted.
 */
public final class StandaloneKeycloak implements AutoCloseable {

    public static final int PORT = 8181;
    public static final int MANAGEMENT_PORT = 9181;
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "standalone-admin-pw";

    private final Process process;
    private final Path log;

    private StandaloneKeycloak(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static String baseUrl() {
        return "http://localhost:" + PORT;
    }

    /** Unzips the distribution under tests/target once and drops the freshly built Authio jars into providers/. */
    public static synchronized Path install() {
        Path root = Path.of(System.getProperty("authio.project.root", "..")).resolve("tests/target/kc-standalone").toAbsolutePath().normalize();
        Path dist = Path.of(required("authio.kc.dist"));
        Path jar = Path.of(required("authio.provider.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the provider jar first (./mvnw verify -pl tests -am): " + jar);
        }
        try {
            Path marker = root.resolve(".unzipped-" + Files.getLastModifiedTime(dist).toMillis());
            if (!Files.exists(marker)) {
                Dirs.delete(root);
                unzip(dist, root);
                Files.createFile(marker);
            }
            Path home;
            try (var dirs = Files.list(root)) {
                home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            Files.copy(jar, home.resolve("providers/authio-keycloak.jar"), StandardCopyOption.REPLACE_EXISTING);
            // the theme jar too, as shipped: the demo realm's login pages (passkey offer, magic link) are in it
            String theme = System.getProperty("authio.theme.jar");
            if (theme != null && Files.isRegularFile(Path.of(theme))) {
                Files.copy(Path.of(theme), home.resolve("providers/authio-theme.jar"), StandardCopyOption.REPLACE_EXISTING);
            }
            home.resolve("bin/kc.sh").toFile().setExecutable(true);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code kc.sh start-dev} with the options and environment given, and waits until the server
     * reports it started or the process ends (a refused start). Either way the result can be inspected.
     */
    public static StandaloneKeycloak start(String name, List<String> options, Map<String, String> env, Duration timeout) {
        Path home = install();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + PORT, "--http-management-port=" + MANAGEMENT_PORT));
        command.addAll(options);
        Path log = home.getParent().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().putAll(env);
        try {
            StandaloneKeycloak server = new StandaloneKeycloak(builder.start(), log);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (server.output().matches("(?s).*Keycloak [^\\n]* started in .*")) {
                    return server;
                }
                if (!server.process.isAlive()) {
                    return server;
                }
                Thread.sleep(250);
            }
            server.close();
            throw new AssertionError("standalone Keycloak neither started nor stopped within " + timeout + ":\n" + server.tail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean running() {
        return process.isAlive();
    }

    /** Waits for a process that is expected to end on its own (a refused start). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("standalone Keycloak did not exit:\n" + tail());
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public String tail() {
        String out = output();
        return out.length() <= 6000 ? out : out.substring(out.length() - 6000);
    }

    /** Stops this server: TERM to kc.sh (which forwards it), then whatever it started, then the script itself. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return value;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                    if (out.toString().endsWith(".sh")) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
        }
    }
}
