package io.authio.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.keycloak.testframework.database.DatabaseConfiguration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL 17 from Maven-provided binaries (io.zonky.test): no system install, no Docker, root-safe. */
final class EmbeddedPostgresDatabase implements DatabaseUnderTest {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private EmbeddedPostgres postgres;

    @Override
    public synchronized void start(DatabaseConfiguration ignored) {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + KEYCLOAK);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the Keycloak database", e);
        }
    }

    @Override
    public Vendor vendor() {
        return Vendor.POSTGRES;
    }

    @Override
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
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
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void closeConnections(String database) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(KEYCLOAK), USER, PASSWORD);
                PreparedStatement ps = c.prepareStatement(
                        "select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }
}
