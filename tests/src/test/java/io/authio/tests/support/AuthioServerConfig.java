package io.authio.tests.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test shares (so Keycloak starts once per run): the
 * shipped provider and theme jars on stock Keycloak.
 */
public class AuthioServerConfig implements KeycloakServerConfig {

    public static final String DELIVERY_RETRY_SCHEDULE = "0s,1s,1s,2s,2s";

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        // Key management: a PKCS#12 KEK whose password comes from Keycloak's file vault (see TestKeks)
        TestKeks.prepare();
        // --- risk engine: client IPs from X-Forwarded-For (tests spoof addresses only this way), a denylist
        // file, and the geo database when the build could fetch it (see RiskTestSupport) ---
        config.option("proxy-headers", "xforwarded")
                .spiOption("authenticator", "authio-risk", "denylist-file", io.authio.tests.risk.RiskEnvironmentFiles.denylist().toString());
        if (io.authio.tests.risk.RiskEnvironmentFiles.geoCity() != null) {
            config.spiOption("authenticator", "authio-risk", "geo-city-database", io.authio.tests.risk.RiskEnvironmentFiles.geoCity().toString());
        }
        // abandoned step-ups expire after 20 s here (30 minutes by default)
        config.spiOption("events-listener", "authio-risk", "step-up-expiry-seconds", "20");
        // --- end risk engine ---
        return config
                .dependency("io.authio", "authio-keycloak")
                .dependency("io.authio", "authio-theme")
                // Delivery on a test clock: a short retry schedule (dead after 5 attempts, ~6 s), short
                // leases so a killed node's messages come back quickly, fast disabling of failing endpoints.
                .spiOption("authio-delivery", "authio-delivery", "retry-schedule", DELIVERY_RETRY_SCHEDULE)
                .spiOption("authio-delivery", "authio-delivery", "lease-seconds", "10")
                .spiOption("authio-delivery", "authio-delivery", "disable-after-seconds", "15")
                .spiOption("authio-delivery", "authio-delivery", "poll-interval-millis", "200")
                // --- dsr: the overdue sweep every second so tests see dsr.overdue promptly ---
                .spiOption("authio-dsr", "default", "overdue-check-interval-millis", "1000")
                // --- end dsr ---
                .option("vault", "file")
                .option("vault-dir", TestKeks.vaultDir().toString())
                .spiOption("authio-kek", "keystore", "path", TestKeks.keystore().toString())
                .spiOption("authio-kek", "keystore", "password-vault-key", TestKeks.VAULT_KEY)
                .spiOption("authio-kek", "keystore", "key-alias", TestKeks.CURRENT_ALIAS)
                .spiOption("authio-kek", "keystore", "previous-key-aliases", TestKeks.PREVIOUS_ALIAS);
    }
}
