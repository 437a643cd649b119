package io.authio.keycloak.risk;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code authio-risk-direct-grant}: shares the node's geo databases and denylist with {@code authio-risk}. */
public class RiskDirectGrantAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "authio-risk-direct-grant";

    private KeycloakSessionFactory factory;

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RiskDirectGrantAuthenticator(((RiskAuthenticatorFactory) factory.getProviderFactory(Authenticator.class,
                RiskAuthenticatorFactory.ID)).environment());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Authio risk checks (direct grant)";
    }

    @Override
    public String getReferenceCategory() {
        return "authio-risk";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Scores a resource-owner password grant and enforces the decision: allow; step-up (passed by the one-time code "
                + "sent with the grant, else refused with interaction_required); deny (answered like a wrong password). "
                + "Place it after the password and the conditional OTP.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RiskConfig.DIRECT_GRANT_PROPERTIES;
    }
}
