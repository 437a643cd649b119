package io.authio.keycloak.setup;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/** Turns Authio on for a realm: {@link RealmSetupFactory} holds what the shipped realm configuration defines. */
public interface RealmSetup extends Provider {

    /** Idempotent: what exists is kept, what is missing is added, the realm's bindings point at Authio's flows. */
    RealmSetupResult install(RealmModel realm);

    @Override
    default void close() {
    }
}
