package io.authio.keycloak.keys;

import java.util.List;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/**
 * AUTHIO_DATA_KEY and AUTHIO_KEY_ROTATION (changelog table DATABASECHANGELOG_AUTHIO_KEY); also runs the
 * KEK check at startup, once the schema exists.
 */
public class KeysEntityProviderFactory extends AuthioEntityProviderFactory {

    public KeysEntityProviderFactory() {
        super("authio-keys-jpa", List.of(KeyRotationEntity.class, DataKeyEntity.class), "META-INF/authio/keys-changelog.xml");
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KekStartupCheck.run(factory);
            }
        });
    }
}
