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
}
