package io.authio.keycloak.store;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Realm-scoped housekeeping over every Authio table. */
public final class RealmData {

    private RealmData() {
    }

    public static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Deletes every Authio row of a realm; runs inside the realm removal's transaction. */
    public static void deleteAll(KeycloakSession session, String realmId) {
        EntityManager em = em(session);
        for (Class<?> entity : AuthioJpaEntityProvider.ENTITIES) {
            em.createQuery("delete from " + entity.getSimpleName() + " e where e.realmId = :realmId")
                    .setParameter("realmId", realmId)
                    .executeUpdate();
        }
    }
}
