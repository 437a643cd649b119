package io.authio.keycloak.dsr;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** Factory of an {@link UserDataContributor}; register in META-INF/services/io.authio.keycloak.dsr.UserDataContributorFactory. */
public interface UserDataContributorFactory extends ProviderFactory<UserDataContributor> {

    /** Order among contributors in the bundle and in erasure (lower first). */
    default int order() {
        return 100;
    }

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
