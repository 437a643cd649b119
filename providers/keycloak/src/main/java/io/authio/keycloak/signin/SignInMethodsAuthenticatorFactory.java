package io.authio.keycloak.signin;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

import io.authio.keycloak.auth.SimpleAuthenticatorFactory;

/** Registers {@code authio-sign-in-methods}. */
public class SignInMethodsAuthenticatorFactory extends SimpleAuthenticatorFactory {

    public static final String ID = "authio-sign-in-methods";
    private static final SignInMethodsAuthenticator SINGLETON = new SignInMethodsAuthenticator();

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
        return "Authio sign-in methods (acr, amr)";
    }

    @Override
    public String getReferenceCategory() {
        return "authio-sign-in";
    }

    @Override
    public String getHelpText() {
        return "Put it after every factor of a browser flow: records the methods used (amr claim through the 'Authio "
                + "authentication methods' mapper) and raises the level of authentication (acr) to 2 for multi-factor sign-ins.";
    }
}
