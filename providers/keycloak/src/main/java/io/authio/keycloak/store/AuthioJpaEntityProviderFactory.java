package io.authio.keycloak.store;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Authio's JPA entities. The id also names Liquibase's changelog table: Keycloak derives
 * DATABASECHANGELOG_AUTHIO_JPA from its first ten characters.
 *
 * <p>Also owns the data lifecycle tied to realms: removing a realm deletes its Authio rows in the same
 * transaction.
 */
public class AuthioJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "authio-jpa";

    private static final JpaEntityProvider PROVIDER = new AuthioJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                RealmData.deleteAll(removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
