package io.authio.keycloak.keys;

import org.keycloak.provider.Provider;

/** The session's view of one KEK provider (see {@link KekProviderFactory}, which holds the keys). */
public interface KekProvider extends Provider {

    /** The id of the factory, which is also the prefix of its KEK ids ({@code keystore}, {@code pkcs11}). */
    String providerId();

    boolean isConfigured();

    @Override
    default void close() {
    }
}
