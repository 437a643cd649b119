package io.authio.keycloak.store;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Base for each capability's tables: its JPA entities and its own Liquibase changelog, so capabilities
 * evolve their schema independently. Keycloak names the changelog table after the first ten characters
 * of the factory id (DATABASECHANGELOG_AUTHIO_AUD for "authio-audit-jpa"): those must differ.
 *
 * <p>Every entity has a {@code realmId} attribute; removing a realm deletes its rows in the same
 * transaction.
 */
public abstract class AuthioEntityProviderFactory implements JpaEntityProviderFactory {

    private final String id;
    private final List<Class<?>> entities;
    private final String changelog;

    protected AuthioEntityProviderFactory(String id, List<Class<?>> entities, String changelog) {
        this.id = id;
        this.entities = List.copyOf(entities);
        this.changelog = changelog;
    }

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return entities;
            }

            @Override
            public String getChangelogLocation() {
                return changelog;
            }

            @Override
            public String getFactoryId() {
                return id;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                deleteRealmRows(removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
    }

    /** Deletes the realm's rows from this capability's tables (children first: list them in that order). */
    protected void deleteRealmRows(KeycloakSession session, String realmId) {
        EntityManager em = RealmData.em(session);
        for (Class<?> entity : entities) {
            em.createQuery("delete from " + entity.getSimpleName() + " e where e.realmId = :realmId")
                    .setParameter("realmId", realmId)
                    .executeUpdate();
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return id;
    }
}
