package io.authio.keycloak.delivery;

import org.keycloak.provider.Provider;

/** Per-request handle on the node's dispatcher. */
public interface DeliveryService extends Provider {

    /** Tells the dispatcher that new messages were committed, so it does not wait for its next poll. */
    void wake();

    DeliveryConfig config();

    @Override
    default void close() {
    }
}
