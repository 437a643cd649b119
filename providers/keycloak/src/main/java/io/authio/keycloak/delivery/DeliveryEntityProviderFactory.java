package io.authio.keycloak.delivery;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/** AUTHIO_DESTINATION, AUTHIO_OUTBOX, AUTHIO_DELIVERY_ATTEMPT (changelog table DATABASECHANGELOG_AUTHIO_DEL). */
public class DeliveryEntityProviderFactory extends AuthioEntityProviderFactory {

    public DeliveryEntityProviderFactory() {
        // children first, so realm removal deletes in dependency order
        super("authio-delivery-jpa", List.of(DeliveryAttemptEntity.class, OutboxEntity.class, DestinationEntity.class),
                "META-INF/authio/delivery-changelog.xml");
    }
}
