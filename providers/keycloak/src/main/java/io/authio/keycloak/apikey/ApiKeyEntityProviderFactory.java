package io.authio.keycloak.apikey;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/** AUTHIO_API_KEY (changelog table DATABASECHANGELOG_AUTHIO_API). */
public class ApiKeyEntityProviderFactory extends AuthioEntityProviderFactory {

    public ApiKeyEntityProviderFactory() {
        super("authio-api-key-jpa", List.of(ApiKeyEntity.class), "META-INF/authio/apikey-changelog.xml");
    }

    @Override
    public void postInit(org.keycloak.models.KeycloakSessionFactory factory) {
        super.postInit(factory);
        ApiKeyAuthFilter.start(factory);
    }
}
