package io.authio.keycloak.ratelimit;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code authio-rate-limit}: the operator's limits for Authio's APIs ({@link ApiLimitsProvider}). */
public class RateLimitSpi implements Spi {

    public static final String NAME = "authio-rate-limit";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ApiLimitsProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiLimitsProviderFactory.class;
    }
}
