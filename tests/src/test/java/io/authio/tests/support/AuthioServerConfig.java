package io.authio.tests.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every integration test shares (so Keycloak starts once per run): the
 * shipped provider and theme jars on stock Keycloak.
 */
public class AuthioServerConfig implements KeycloakServerConfig {

    public static final String DELIVERY_RETRY_SCHEDULE = "0s,1s,1s,2s,2s";
    /** The networks the operator lets realms allowlist for deliveries in tests. */
    public static final String LOOPBACK = "127.0.0.0/8";

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
        // the console overview's hourly rollup looks for settled hours every 2 s (60 s by default)
        config.spiOption("events-listener", "authio-risk", "rollup-interval-seconds", "2");
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
                // The operator's SSRF ceiling: realms may allowlist loopback (the tests' receivers), nothing else.
                .spiOption("authio-delivery", "authio-delivery", "allowed-networks", LOOPBACK)
                // Retention on a test clock: a purge every 2 s, and realms may shorten retention down to 1 s
                // (the soak test does); the operator's ceilings keep their production defaults.
                .spiOption("authio-retention", "default", "interval-seconds", "2")
                .spiOption("authio-retention", "default", "min-realm-seconds", "1")
                // --- dsr: the overdue sweep every second so tests see dsr.overdue promptly; fulfil waits up to 30 s for
                // its background run (this machine is shared and slow), stopped runs are looked for every second ---
                .spiOption("authio-dsr", "default", "overdue-check-interval-millis", "1000")
                .spiOption("authio-dsr", "default", "fulfill-wait-millis", "30000")
                .spiOption("authio-dsr", "default", "job-check-interval-millis", "1000")
                // --- end dsr ---
                // --- API rate limits: a high ceiling, so tests that call an API hundreds of times (fuzzing) are not
                // throttled; tests of the limits lower it per realm (authio.api.requests-per-minute), as a realm may ---
                .spiOption("authio-rate-limit", "default", "requests-per-minute", "100000")
                .option("vault", "file")
                .option("vault-dir", TestKeks.vaultDir().toString())
                .spiOption("authio-kek", "keystore", "path", TestKeks.keystore().toString())
                .spiOption("authio-kek", "keystore", "password-vault-key", TestKeks.VAULT_KEY)
                .spiOption("authio-kek", "keystore", "key-alias", TestKeks.CURRENT_ALIAS)
                .spiOption("authio-kek", "keystore", "previous-key-aliases", TestKeks.PREVIOUS_ALIAS);
    }
}
