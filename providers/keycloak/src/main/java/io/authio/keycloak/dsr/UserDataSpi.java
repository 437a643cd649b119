package io.authio.keycloak.dsr;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code authio-user-data}: every capability's contribution to data-subject exports and deletions. */
public class UserDataSpi implements Spi {

    public static final String NAME = "authio-user-data";

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
        return UserDataContributor.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return UserDataContributorFactory.class;
    }
}
