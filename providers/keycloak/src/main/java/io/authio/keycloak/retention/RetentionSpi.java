package io.authio.keycloak.retention;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Retention of every Authio table: the operator's ceilings and the purge that applies them on every node. */
public class RetentionSpi implements Spi {

    public static final String NAME = "authio-retention";

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
        return RetentionService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RetentionServiceFactory.class;
    }
}
