package io.authio.keycloak.risk;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code authio-risk-cookie}: shares the node's geo databases and denylist with {@code authio-risk}. */
public class RiskCookieAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "authio-risk-cookie";

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(RiskCookieAuthenticator.LEVEL).label("Sign in again at risk level")
            .helpText("A cookie sign-in at this risk level or above (medium = step-up, high = deny) is not honoured: the "
                    + "user signs in again through the forms and their risk checks.")
            .type(ProviderConfigProperty.LIST_TYPE).options("medium", "high").defaultValue("high").add()
            .build();

    private KeycloakSessionFactory factory;

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RiskCookieAuthenticator(((RiskAuthenticatorFactory) factory.getProviderFactory(Authenticator.class,
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
        return "Cookie (Authio risk checks)";
    }

    @Override
    public String getReferenceCategory() {
        return "cookie";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.ALTERNATIVE,
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Keycloak's SSO-cookie sign-in, scored: at the configured risk level or above the cookie is not honoured and "
                + "the user signs in again through the forms (and their step-up). Use it instead of 'Cookie'.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }
}
