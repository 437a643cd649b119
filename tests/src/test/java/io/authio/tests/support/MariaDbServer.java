package io.authio.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.keycloak.testframework.database.DatabaseConfiguration;

/**
 * A real MariaDB server (Debian's {@code mariadb-server}, 10.11) started for the test run: a fresh data directory
 * under the temporary directory, a free loopback port, no system service touched. Run as root it passes
 * {@code --user=root} (mariadbd refuses root otherwise), as the embedded PostgreSQL runs as whoever runs the build.
 * Server settings are MariaDB's defaults (REPEATABLE READ, case-sensitive table names) apart from utf8mb4 and a
 * relaxed log flush, so the suite sees what a stock installation does.
 */
final class MariaDbServer implements DatabaseUnderTest {

    private static final String USER = "keycloak";
    private static final String PASSWORD = "keycloak";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private Path dir;
    private Process process;
    private int port;
    private Thread shutdownHook;

    @Override
    public synchronized void start(DatabaseConfiguration ignored) {
        if (process != null) {
            return;
        }
        Path server = executable("mariadbd");
        Path installDb = executable("mariadb-install-db");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            dir = Files.createTempDirectory("authio-mariadb");
            Path data = dir.resolve("data");
            List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            if (root) {
                install.add("--user=root");
            }
            run(install, dir.resolve("install.log"));
            // the account Keycloak and the tests use, and Keycloak's database, created as the server starts
            Files.writeString(dir.resolve("init.sql"), "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';\n"
                    + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;\n"
                    + "CREATE DATABASE IF NOT EXISTS " + KEYCLOAK + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
            port = freePort();
            List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults",
                    "--datadir=" + data,
                    "--port=" + port,
                    "--bind-address=127.0.0.1",
                    "--socket=" + dir.resolve("mariadb.sock"),
                    "--pid-file=" + dir.resolve("mariadb.pid"),
                    "--log-error=" + dir.resolve("error.log"),
                    "--init-file=" + dir.resolve("init.sql"),
                    "--skip-name-resolve",
                    "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_unicode_ci",
                    "--max-connections=300",
                    // the test database needs no durability across a power cut (fsync=off on PostgreSQL)
                    "--innodb-flush-log-at-trx-commit=0",
                    "--innodb-doublewrite=0"));
            if (root) {
                command.add("--user=root");
            }
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("mariadbd.out").toFile()).start();
            shutdownHook = new Thread(this::stopProcess, "authio-mariadb-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("MariaDB did not start", e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ":\n" + errorLog());
            }
            try {
                DriverManager.getConnection(jdbcUrl(KEYCLOAK), USER, PASSWORD).close();
                return;
            } catch (SQLException notYet) {
                last = notYet;
            }
            sleep(200);
        }
        throw new IllegalStateException("MariaDB did not accept connections within " + START_TIMEOUT + " (" + last + "):\n" + errorLog());
    }

    @Override
    public Vendor vendor() {
        return Vendor.MARIADB;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(KEYCLOAK), USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void closeConnections(String database) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(KEYCLOAK), USER, PASSWORD)) {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select ID from information_schema.PROCESSLIST where DB = ? and ID <> CONNECTION_ID()")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            for (long id : ids) {
                try (Statement s = c.createStatement()) {
                    s.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // ended on its own meanwhile
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        process = null;
        Dirs.delete(dir);
    }

    /** SIGTERM is mariadbd's clean shutdown; SIGKILL only if it does not finish. */
    private void stopProcess() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private String errorLog() {
        try {
            String log = Files.readString(dir.resolve("error.log"));
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    /** The server binaries, from PATH or Debian's /usr/sbin; their absence fails the run with how to fix it. */
    private static Path executable(String name) {
        List<Path> candidates = new ArrayList<>();
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty()) {
                candidates.add(Path.of(p, name));
            }
        }
        candidates.add(Path.of("/usr/sbin", name));
        candidates.add(Path.of("/usr/bin", name));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "-D" + PROPERTY + "=mariadb needs a MariaDB server: " + name + " is not installed (apt-get install -y mariadb-server)"));
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
