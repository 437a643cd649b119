package io.authio.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.keycloak.testframework.database.DatabaseConfiguration;

/**
 * Keycloak's dev-file database: H2 (the version inside the distribution) in files, as the README's run command uses
 * it. Each database is a file under one temporary directory. Keycloak opens it in H2's mixed mode
 * ({@code AUTO_SERVER=TRUE}): the first process to open a file serves it to the others over loopback TCP, so the
 * tests read rows back while Keycloak runs. H2 is a single-process database: Keycloak does not cluster on it.
 */
final class H2DevFileDatabase implements DatabaseUnderTest {

    private static final String USER = "sa";
    private static final String PASSWORD = "password";
    /**
     * Keycloak's own additions to a dev-file URL (it adds those missing), with the mixed mode, which H2 allows only
     * with DB_CLOSE_ON_EXIT=TRUE (Keycloak's default there is FALSE; the database then closes in H2's shutdown hook).
     */
    private static final String SETTINGS = ";NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=TRUE;DB_CLOSE_DELAY=0;AUTO_SERVER=TRUE";

    private Path dir;

    @Override
    public synchronized void start(DatabaseConfiguration ignored) {
        if (dir != null) {
            return;
        }
        try {
            dir = Files.createTempDirectory("authio-h2");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Vendor vendor() {
        return Vendor.H2;
    }

    @Override
    public synchronized boolean isRunning() {
        return dir != null;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:h2:file:" + dir.resolve(database) + SETTINGS;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    /** A new database is a new file: whatever an earlier run left under the name is removed. */
    @Override
    public void createDatabase(String name) {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(name + ".")).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** H2 ends another session with ABORT_SESSION (admin only: the creating user is). */
    @Override
    public void closeConnections(String database) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD); Statement s = c.createStatement()) {
            List<Integer> sessions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select SESSION_ID from INFORMATION_SCHEMA.SESSIONS where SESSION_ID <> SESSION_ID()")) {
                while (rs.next()) {
                    sessions.add(rs.getInt(1));
                }
            }
            for (int id : sessions) {
                s.execute("call ABORT_SESSION(" + id + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void stop() {
        Dirs.delete(dir);
        dir = null;
    }
}
