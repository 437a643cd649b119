package io.authio.keycloak.keys;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code authio-sealed-records}: every capability that stores sealed values registers a provider, so a
 * data key rotation can re-seal all of them and a data key is destroyed only when nothing needs it.
 */
public class SealedRecordsSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "authio-sealed-records";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SealedRecordsProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SealedRecordsProviderFactory.class;
    }
}
