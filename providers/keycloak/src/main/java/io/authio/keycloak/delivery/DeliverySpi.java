package io.authio.keycloak.delivery;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Authio's event delivery: the outbox dispatcher that runs on every node. */
public class DeliverySpi implements Spi {

    public static final String NAME = "authio-delivery";

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
        return DeliveryService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DeliveryServiceFactory.class;
    }
}
