package io.authio.keycloak.keys;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderFactory;

import io.authio.core.keys.KekSet;

/**
 * A source of KEKs. Its KEK ids start with {@code <factory id>:}, which is how a stored data key finds the
 * provider that can unwrap it.
 */
public interface KekProviderFactory extends ProviderFactory<KekProvider> {

    /** Whether the options that select a key are set (without touching the key store yet). */
    boolean isConfigured();

    /**
     * The configured KEKs, loaded on first use (reading the password or PIN, from Keycloak's vault where
     * configured so). Throws {@link IllegalStateException} with an operator-facing message when they cannot be.
     */
    KekSet keks(KeycloakSession session);

    /** The options an operator sets to configure this provider, for error messages. */
    String requiredOptions();

    /** Unwrapped data keys, cached per node (entries are immutable: keyed by the wrapped text). */
    DataKeyCache cache();
}
