package io.authio.keycloak.ratelimit;

import org.keycloak.provider.ProviderFactory;

public interface ApiLimitsProviderFactory extends ProviderFactory<ApiLimitsProvider> {
}
