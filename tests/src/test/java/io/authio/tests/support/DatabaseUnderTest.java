package io.authio.tests.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.testframework.database.TestDatabase;

/**
 * The database the whole integration suite runs on, chosen with {@code -Dauthio.db=postgres|mariadb|h2}: Keycloak
 * (the framework's server and every server a test starts itself) and the tests reading rows back use the same one.
 * One database server per run; tests that start their own Keycloak get a database of their own on it.
 */
public interface DatabaseUnderTest extends TestDatabase {

    /** The system property that selects the database. */
    String PROPERTY = "authio.db";
    /** The database Keycloak's own server (the test framework's) runs on. */
    String KEYCLOAK = "keycloak";

    /** What {@code -Dauthio.db} accepts, and Keycloak's {@code --db} value for each. */
    enum Vendor {
        POSTGRES("postgres", "PostgreSQL"),
        MARIADB("mariadb", "MariaDB"),
        /** Keycloak's dev-file database (H2), as the README's run command uses it. */
        H2("dev-file", "H2");

        private final String kcDb;
        private final String displayName;

        Vendor(String kcDb, String displayName) {
            this.kcDb = kcDb;
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        /** The value of Keycloak's {@code --db} option. */
        public String kcDb() {
            return kcDb;
        }

        public String property() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Vendor selected() {
            String value = System.getProperty(PROPERTY, "postgres").trim().toLowerCase(Locale.ROOT);
            for (Vendor v : values()) {
                if (v.property().equals(value)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": expected one of postgres, mariadb, h2");
        }
    }

    Vendor vendor();

    boolean isRunning();

    /** The JDBC URL of one database of this server; {@link #KEYCLOAK} is the framework's server's. */
    String jdbcUrl(String database);

    String user();

    String password();

    /** Creates an empty database of that name on this server, replacing one left by an earlier run. */
    void createDatabase(String name);

    /** Ends every connection to that database but the caller's (a database outage as Keycloak sees it). */
    void closeConnections(String database);

    /** Keycloak options ({@code db}, {@code db-url}, ...) that run a server on one database of this server. */
    default Map<String, String> options(String database) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("db", vendor().kcDb());
        options.put("db-url", jdbcUrl(database));
        options.put("db-username", user());
        options.put("db-password", password());
        return options;
    }

    /** The same options as {@code kc.sh} arguments. */
    default List<String> arguments(String database) {
        return options(database).entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    @Override
    default Map<String, String> serverConfig() {
        return options(KEYCLOAK);
    }
}
