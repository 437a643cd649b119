package io.authio.keycloak.dsr;

import org.keycloak.provider.Provider;

/** Access to the data-subject request settings and the background runs of this node. */
public interface DsrService extends Provider {

    DsrConfig config();

    /** This node's runner of fulfillments. */
    DsrJobs jobs();

    @Override
    default void close() {
    }
}
