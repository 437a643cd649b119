package io.authio.keycloak.keys;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code authio-kek}: where the key-encryption key lives. Providers: {@code keystore} (PKCS#12 file,
 * default) and {@code pkcs11} (HSM). Options: {@code --spi-authio-kek--<provider>--<option>}.
 */
public class KekSpi implements Spi {

    public static final String NAME = "authio-kek";

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
        return KekProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return KekProviderFactory.class;
    }
}
