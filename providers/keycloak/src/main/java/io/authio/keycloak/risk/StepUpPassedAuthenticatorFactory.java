package io.authio.keycloak.risk;

import io.authio.keycloak.auth.SimpleAuthenticatorFactory;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** {@code authio-risk-step-up-passed}. */
public class StepUpPassedAuthenticatorFactory extends SimpleAuthenticatorFactory {

    public static final String ID = "authio-risk-step-up-passed";
    private static final StepUpPassedAuthenticator SINGLETON = new StepUpPassedAuthenticator();

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
        return "Authio risk step-up passed";
    }

    @Override
    public String getHelpText() {
        return "Put it after the step-up methods (OTP / passkey) in the step-up sub-flow: records the passed challenge and "
                + "raises the level of authentication (acr).";
    }
}
