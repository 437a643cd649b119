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
        // Key management: a PKCS#12 KEK whose password comes from Keycloak's file vault (see TestKeks)
        TestKeks.prepare();
        return config
                .dependency("io.authio", "authio-keycloak")
                .dependency("io.authio", "authio-theme")
                .option("vault", "file")
                .option("vault-dir", TestKeks.vaultDir().toString())
                .spiOption("authio-kek", "keystore", "path", TestKeks.keystore().toString())
                .spiOption("authio-kek", "keystore", "password-vault-key", TestKeks.VAULT_KEY)
                .spiOption("authio-kek", "keystore", "key-alias", TestKeks.CURRENT_ALIAS)
                .spiOption("authio-kek", "keystore", "previous-key-aliases", TestKeks.PREVIOUS_ALIAS);
    }
}
