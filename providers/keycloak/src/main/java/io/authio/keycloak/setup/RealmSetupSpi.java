package io.authio.keycloak.setup;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code authio-setup}: turning Authio on for a realm, on request and (by option) for every new realm. */
public class RealmSetupSpi implements Spi {

    public static final String NAME = "authio-setup";

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
        return RealmSetup.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RealmSetupFactory.class;
    }
}
