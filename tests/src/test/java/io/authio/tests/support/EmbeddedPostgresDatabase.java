package io.authio.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.keycloak.testframework.database.DatabaseConfiguration;
import org.keycloak.testframework.database.TestDatabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One PostgreSQL for the whole test run, shared by Keycloak and by tests reading rows back. */
public class EmbeddedPostgresDatabase implements TestDatabase {

    static final String DATABASE = "keycloak";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

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
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the Keycloak database", e);
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
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

    @Override
    public Map<String, String> serverConfig() {
        return Map.of(
                "db", "postgres",
                "db-url", jdbcUrl(),
                "db-username", USER,
                "db-password", PASSWORD);
    }
}
