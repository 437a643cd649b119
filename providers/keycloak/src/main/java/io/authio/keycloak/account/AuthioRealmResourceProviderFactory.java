package io.authio.keycloak.account;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import io.authio.keycloak.console.ConsoleClients;

/**
 * Mounts Authio's end-user API at {@code /realms/{realm}/authio} (the id is the path segment). Unlike
 * the admin API, nothing upstream checks the caller: each endpoint authenticates the bearer token.
 */
public class AuthioRealmResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "authio";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new AuthioRealmResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ConsoleClients.register(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
