package io.authio.keycloak.retention;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/** The node's retention settings, for the admin API. */
public interface RetentionService extends Provider {

    RetentionConfig config();

    static RetentionConfig config(KeycloakSession session) {
        RetentionService service = session.getProvider(RetentionService.class);
        return service == null ? RetentionConfig.DEFAULT : service.config();
    }

    @Override
    default void close() {
    }
}
