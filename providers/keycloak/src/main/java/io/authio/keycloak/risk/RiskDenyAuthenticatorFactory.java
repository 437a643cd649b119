package io.authio.keycloak.risk;

import io.authio.keycloak.auth.SimpleAuthenticatorFactory;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** {@code authio-risk-deny}. */
public class RiskDenyAuthenticatorFactory extends SimpleAuthenticatorFactory {

    public static final String ID = "authio-risk-deny";
    private static final RiskDenyAuthenticator SINGLETON = new RiskDenyAuthenticator();

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
        return "Authio risk deny";
    }

    @Override
    public String getHelpText() {
        return "Ends the sign-in with a non-revealing error page and records risk.denied. Put it in a sub-flow guarded by "
                + "'Condition - authio risk' (level high).";
    }
}
