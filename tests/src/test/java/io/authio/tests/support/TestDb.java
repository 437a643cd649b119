package io.authio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.Blob;
import java.sql.Clob;
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

/**
 * Direct JDBC access to the database Keycloak runs on ({@code -Dauthio.db}, see {@link DatabaseUnderTest}), for
 * reading rows back in assertions. Tests write SQL every supported database understands (upper-case table names,
 * {@code limit}, no vendor functions); values come back the same on each: text and JSON columns as {@code String},
 * binary ones as {@code byte[]}, column names lower-cased.
 */
public final class TestDb {

    private static final DatabaseUnderTest DATABASE = switch (DatabaseUnderTest.Vendor.selected()) {
        case POSTGRES -> new EmbeddedPostgresDatabase();
        case MARIADB -> new MariaDbServer();
        case H2 -> new H2DevFileDatabase();
    };

    private TestDb() {
    }

    static DatabaseUnderTest database() {
        return DATABASE;
    }

    public static DatabaseUnderTest.Vendor vendor() {
        return DATABASE.vendor();
    }

    /** Creates an empty database next to Keycloak's, for a server a test runs itself. */
    public static void createDatabase(String name) {
        running().createDatabase(name);
    }

    /** {@code kc.sh} arguments ({@code --db}, {@code --db-url}, ...) that run a server on that database. */
    public static List<String> serverArguments(String database) {
        return running().arguments(database);
    }

    /** Ends every connection to that database (a database outage as Keycloak sees it). */
    public static void closeConnections(String database) {
        running().closeConnections(database);
    }

    /** Connects to Keycloak's database. */
    public static Connection connect() throws SQLException {
        return connect(DatabaseUnderTest.KEYCLOAK);
    }

    /** Connects to another database of the same server (one a standalone Keycloak runs on). */
    public static Connection connect(String database) throws SQLException {
        DatabaseUnderTest db = running();
        return DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
    }

    private static DatabaseUnderTest running() {
        if (!DATABASE.isRunning()) {
            throw new IllegalStateException("the " + DATABASE.vendor().property() + " database is not running (is kc.test.database=authio?)");
        }
        return DATABASE;
    }

    /** Runs a query and returns every row as column-name → value (names lower-cased). */
    public static List<Map<String, Object>> query(String sql, Object... params) {
        return queryIn(null, sql, params);
    }

    /** The same, in another database of the same server (a standalone Keycloak's), or Keycloak's when null. */
    public static List<Map<String, Object>> queryIn(String database, String sql, Object... params) {
        try (Connection c = database == null ? connect() : connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toLowerCase(), value(rs.getObject(i)));
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
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Refreshes the planner's statistics of a table (autovacuum's and InnoDB's job on a running system). */
    public static void analyze(String table) {
        String sql = (vendor() == DatabaseUnderTest.Vendor.POSTGRES ? "analyze " : "analyze table ") + table;
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs one statement for each parameter row, as JDBC batches in one transaction; returns the rows written. */
    public static long batch(String sql, List<Object[]> rows) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            long written = 0;
            for (int i = 0; i < rows.size(); i++) {
                bind(ps, rows.get(i));
                ps.addBatch();
                if (i % 500 == 499 || i == rows.size() - 1) {
                    for (int n : ps.executeBatch()) {
                        written += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : n;
                    }
                }
            }
            c.commit();
            return written;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A column of Keycloak's database as JDBC describes it: its {@link java.sql.Types} code, vendor type name and size. */
    public record Column(int jdbcType, String typeName, long size) {
    }

    /** How a column of Keycloak's database is declared (names as the changelog writes them), or null. */
    public static Column column(String table, String column) {
        try (Connection c = connect()) {
            java.sql.DatabaseMetaData md = c.getMetaData();
            for (String t : List.of(table, table.toLowerCase(), table.toUpperCase())) {
                try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), t, null)) {
                    while (rs.next()) {
                        if (rs.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
                            return new Column(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"), rs.getLong("COLUMN_SIZE"));
                        }
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    /** The same Java type for a value on every database: large text (H2's CLOB) as String, large binary as byte[]. */
    static Object value(Object v) throws SQLException {
        try {
            if (v instanceof Clob clob) {
                try (Reader r = clob.getCharacterStream()) {
                    StringBuilder out = new StringBuilder();
                    char[] buf = new char[8192];
                    for (int n; (n = r.read(buf)) > 0;) {
                        out.append(buf, 0, n);
                    }
                    return out.toString();
                }
            }
            if (v instanceof Blob blob) {
                try (InputStream in = blob.getBinaryStream()) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new SQLException(e);
        }
        return v;
    }
}
