package io.authio.keycloak.dsr;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code authio-dsr}: data-subject request settings and the overdue sweep. */
public class DsrSpi implements Spi {

    public static final String NAME = "authio-dsr";

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
        return DsrService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DsrServiceFactory.class;
    }
}
