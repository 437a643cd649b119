package io.authio.tests.bench;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.authio.tests.support.AuthioServerConfig;

/**
 * The shared test server with the production {@code disable-after-seconds} (5 days): the delivery benchmarks' black-holed
 * destinations must stay enabled through every login round. The test clock's 15 s disabled them during the first
 * rounds, and a disabled destination writes no outbox rows, so the later rounds measured logins without destinations.
 */
public class DeliveryBenchConfig extends AuthioServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return super.configure(config).spiOption("authio-delivery", "authio-delivery", "disable-after-seconds", "432000");
    }
}
