package io.authio.tests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * A Keycloak server this test controls as a process — to kill it with SIGKILL and start it again, or to
 * run several. It runs a copy of the installation the test framework prepared (the same distribution
 * with the very provider and theme jars under test), on its own ports.
 */
public final class KeycloakProcess implements AutoCloseable {

    /**
     * How long a start may take: a copied installation rebuilds (Quarkus augmentation) and a fresh database gets
     * Keycloak's whole schema, which on a loaded 2-core machine took over 4 minutes on MariaDB. Starts return as
     * soon as the server answers.
     */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private final Path home;
    private final int httpPort;
    private final List<String> args;
    private final Path log;
    private Path javaHome;
    private Process process;

    private KeycloakProcess(Path home, int httpPort, List<String> args) {
        this.home = home;
        this.httpPort = httpPort;
        this.args = args;
        this.log = home.resolve("server.log");
    }

    /**
     * Copies the framework's installation (call after the framework server started) into {@code target}
     * and prepares a server on the given ports, on the named database of the database under test.
     */
    public static KeycloakProcess copyOfFrameworkInstall(Path target, int httpPort, int managementPort, String database,
            Map<String, String> extraOptions) throws IOException, InterruptedException {
        target = target.toAbsolutePath();
        Path source;
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir"), "kc-test-framework", "keycloak"))) {
            source = dirs.filter(Files::isDirectory).findFirst().orElseThrow(() -> new IOException("no framework installation"));
        }
        if (Files.exists(target)) {
            exec("rm", "-rf", target.toString());
        }
        Files.createDirectories(target.getParent());
        exec("cp", "-a", source.toString(), target.toString());
        exec("rm", "-rf", target.resolve("data").toString(), target.resolve("pid").toString());
        List<String> args = new ArrayList<>(List.of("start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--cache=local", "--health-enabled=true",
                "--bootstrap-admin-username=admin", "--bootstrap-admin-password=admin",
                // the same KEK as the framework's server: the database holds values sealed under it
                "--vault=file", "--vault-dir=" + TestKeks.vaultDir(),
                "--spi-authio-kek--keystore--path=" + TestKeks.keystore(),
                "--spi-authio-kek--keystore--password-vault-key=" + TestKeks.VAULT_KEY,
                "--spi-authio-kek--keystore--key-alias=" + TestKeks.CURRENT_ALIAS,
                "--spi-authio-kek--keystore--previous-key-aliases=" + TestKeks.PREVIOUS_ALIAS));
        args.addAll(TestDb.serverArguments(database));
        extraOptions.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new KeycloakProcess(target, httpPort, args);
    }

    /**
     * Two production-mode nodes ({@code kc.sh start}) of one cluster: the framework's installation built once
     * for the database under test (PostgreSQL or MariaDB; H2 is single-process), copied per node (timestamps kept, so both stay optimized), sharing one database and the
     * same public hostname (node A's URL), clustering through embedded Infinispan on loopback with the
     * default jdbc-ping discovery.
     */
    public static List<KeycloakProcess> clusterOf(Path target, int[] httpPorts, String database, Map<String, String> extraOptions)
            throws IOException, InterruptedException {
        target = target.toAbsolutePath();
        KeycloakProcess template = copyOfFrameworkInstall(target.resolve("node-0"), httpPorts[0], httpPorts[0] + 1000, database, Map.of());
        Path built = template.home;
        // --db is a build-time option; the rest of the database options are given at start
        List<String> db = TestDb.serverArguments(database);
        exec(built.resolve("bin/kc.sh").toString(), "build", db.get(0), "--health-enabled=true", "--features=declarative-ui",
                "--vault=file");
        List<KeycloakProcess> nodes = new ArrayList<>();
        for (int i = 0; i < httpPorts.length; i++) {
            Path home = target.resolve("node-" + i);
            if (i > 0) {
                if (Files.exists(home)) {
                    exec("rm", "-rf", home.toString());
                }
                exec("cp", "-a", built.toString(), home.toString());
            }
            List<String> args = new ArrayList<>(List.of("start", "--optimized",
                    "--http-enabled=true", "--http-port=" + httpPorts[i], "--http-management-port=" + (httpPorts[i] + 1000),
                    "--hostname=http://localhost:" + httpPorts[0],
                    "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + (7800 + i),
                    "--bootstrap-admin-username=admin", "--bootstrap-admin-password=admin",
                    "--vault=file", "--vault-dir=" + TestKeks.vaultDir(),
                    "--spi-authio-kek--keystore--path=" + TestKeks.keystore(),
                    "--spi-authio-kek--keystore--password-vault-key=" + TestKeks.VAULT_KEY,
                    "--spi-authio-kek--keystore--key-alias=" + TestKeks.CURRENT_ALIAS,
                    "--spi-authio-kek--keystore--previous-key-aliases=" + TestKeks.PREVIOUS_ALIAS));
            args.addAll(db.subList(1, db.size()));
            extraOptions.forEach((k, v) -> args.add("--" + k + "=" + v));
            nodes.add(new KeycloakProcess(home, httpPorts[i], args));
        }
        return nodes;
    }

    /** Runs the server on another JDK than the tests' (a provider built for a newer Java needs one). */
    public KeycloakProcess javaHome(Path jdk) {
        this.javaHome = jdk;
        return this;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public KeycloakProcess start(Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (javaHome != null) {
            builder.environment().put("JAVA_HOME", javaHome.toString());
        }
        process = builder
                .directory(home.resolve("bin").toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak exited: " + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IOException("Keycloak did not start within " + timeout + ": " + tail());
    }

    /** SIGKILL to the JVM and its launcher: no shutdown hooks, no graceful anything. */
    public void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle h : process.toHandle().descendants().toList()) {
            h.onExit().toCompletableFuture().join();
        }
    }

    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill9();
        }
    }

    public Keycloak admin() {
        return KeycloakBuilder.builder().serverUrl(baseUrl()).realm("master").clientId("admin-cli")
                .username("admin").password("admin").build();
    }

    public String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
