package io.authio.keycloak.ratelimit;

import org.keycloak.provider.Provider;

import io.authio.core.ratelimit.ApiLimits;

/** The node's API limits, as the operator set them. */
public interface ApiLimitsProvider extends Provider {

    ApiLimits limits();

    @Override
    default void close() {
    }
}
