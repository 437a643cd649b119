package io.authio.keycloak.dsr;

import org.keycloak.provider.Provider;

/** Access to the data-subject request settings of this node. */
public interface DsrService extends Provider {

    DsrConfig config();

    @Override
    default void close() {
    }
}
