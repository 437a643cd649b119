package io.authio.keycloak.setup;

import org.keycloak.provider.ProviderFactory;

public interface RealmSetupFactory extends ProviderFactory<RealmSetup> {
}
