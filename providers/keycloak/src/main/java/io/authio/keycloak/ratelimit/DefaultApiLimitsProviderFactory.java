package io.authio.keycloak.ratelimit;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.authio.core.ratelimit.ApiLimits;

/**
 * {@code --spi-authio-rate-limit--default--<option>}: {@code requests-per-minute} (per authenticated caller and
 * API, the ceiling a realm may only lower) and {@code failed-api-keys-per-minute} (per client network).
 */
public class DefaultApiLimitsProviderFactory implements ApiLimitsProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private ApiLimits limits = ApiLimits.DEFAULTS;

    @Override
    public ApiLimitsProvider create(KeycloakSession session) {
        ApiLimits l = limits;
        return () -> l;
    }

    /** The limits without a session (the API-key filter runs before Keycloak's request handling). */
    public ApiLimits limits() {
        return limits;
    }

    @Override
    public void init(Config.Scope scope) {
        limits = new ApiLimits(scope.getInt("requests-per-minute", ApiLimits.DEFAULTS.requestsPerMinute()),
                scope.getInt("failed-api-keys-per-minute", ApiLimits.DEFAULTS.failedApiKeysPerMinute()));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("requests-per-minute", Integer.toString(limits.requestsPerMinute()),
                "failed-api-keys-per-minute", Integer.toString(limits.failedApiKeysPerMinute()));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("requests-per-minute").type("int").defaultValue(ApiLimits.DEFAULTS.requestsPerMinute())
                .helpText("Calls per minute (and burst) of one authenticated caller to one Authio API; realms may only lower it.").add()
                .property().name("failed-api-keys-per-minute").type("int").defaultValue(ApiLimits.DEFAULTS.failedApiKeysPerMinute())
                .helpText("Rejected API keys per minute (and burst) from one client network (IPv4 address, IPv6 /64).").add()
                .build();
    }
}
