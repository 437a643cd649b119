package io.authio.keycloak.ratelimit;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/** AUTHIO_RATE_LIMIT (changelog table DATABASECHANGELOG_AUTHIO_RAT). */
public class RateLimitEntityProviderFactory extends AuthioEntityProviderFactory {

    public RateLimitEntityProviderFactory() {
        super("authio-ratelimit-jpa", List.of(RateLimitEntity.class), "META-INF/authio/ratelimit-changelog.xml");
    }
}
