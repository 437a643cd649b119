package io.authio.keycloak.store;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Access to the entity manager of the session's transaction. */
public final class RealmData {

    private RealmData() {
    }

    public static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * Reads in a transaction of its own what another transaction committed after this request's first read: under
     * REPEATABLE READ (MariaDB's and MySQL's default) the request's transaction keeps its first snapshot and would not
     * see it. The result comes back detached; use its values only.
     */
    public static <T> T committed(KeycloakSession session, java.util.function.Function<KeycloakSession, T> read) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), read::apply);
    }

    /**
     * Makes a background job's transaction READ COMMITTED on MySQL and MariaDB; call it first in the transaction, before
     * any other statement (it sets the next transaction's level). Under InnoDB's default REPEATABLE READ a statement
     * that scans (the optimizer scans small tables even for {@code ID in (...)}) locks every row and gap it reads: the
     * dispatcher's lease update then waited for rows another node had claimed, and its gap locks held back sign-ins
     * writing outbox rows. READ COMMITTED takes no gap locks and skips rows that do not match. The other databases
     * Keycloak supports are READ COMMITTED already.
     */
    public static void readCommitted(KeycloakSession session) {
        em(session).unwrap(org.hibernate.Session.class).doWork(connection -> {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            if (product.contains("mariadb") || product.contains("mysql")) {
                try (java.sql.Statement statement = connection.createStatement()) {
                    statement.execute("set transaction isolation level read committed");
                }
            }
        });
    }

    /** A value to match literally in {@code like ... escape '!'} (event types and user names contain '_'). */
    public static String likeEscape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /**
     * A text column's value from a native query, whatever the driver returns for it: a {@code String}, or a
     * {@link java.sql.Clob} for large text on H2 and Oracle (Hibernate passes the JDBC type through). Read it while
     * the transaction is open.
     */
    public static String text(Object value) {
        if (value instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return value == null ? null : value.toString();
    }
}
