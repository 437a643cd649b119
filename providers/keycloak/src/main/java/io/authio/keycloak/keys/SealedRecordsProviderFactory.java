package io.authio.keycloak.keys;

import org.keycloak.provider.ProviderFactory;

/** Registered in META-INF/services/io.authio.keycloak.keys.SealedRecordsProviderFactory. */
public interface SealedRecordsProviderFactory extends ProviderFactory<SealedRecordsProvider> {
}
