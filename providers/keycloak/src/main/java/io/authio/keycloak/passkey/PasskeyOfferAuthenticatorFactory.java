package io.authio.keycloak.passkey;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

import io.authio.keycloak.auth.SimpleAuthenticatorFactory;

/** Registers {@code authio-passkey-offer}: "create a passkey?" after sign-in, for users without one. */
public class PasskeyOfferAuthenticatorFactory extends SimpleAuthenticatorFactory {

    public static final String ID = "authio-passkey-offer";
    private static final PasskeyOfferAuthenticator SINGLETON = new PasskeyOfferAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Authio passkey offer";
    }

    @Override
    public String getReferenceCategory() {
        return "passkey";
    }

    @Override
    public String getHelpText() {
        return "Offers users without a passkey to create one after signing in (Keycloak's passkey registration).";
    }
}
