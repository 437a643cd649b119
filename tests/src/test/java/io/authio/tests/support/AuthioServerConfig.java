package io.authio.tests.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test shares (so Keycloak starts once per run): the
 * shipped provider and theme jars on stock Keycloak.
 */
public class AuthioServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .dependency("io.authio", "authio-keycloak")
                .dependency("io.authio", "authio-theme");
    }
}
