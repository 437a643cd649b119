package io.authio.keycloak.store;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Access to the entity manager of the session's transaction. */
public final class RealmData {

    private RealmData() {
    }

    public static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
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
