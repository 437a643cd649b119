package io.authio.keycloak.risk;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code authio-condition-risk} ("Condition - authio risk"): level at least low / medium / high. */
public class RiskConditionAuthenticatorFactory implements ConditionalAuthenticatorFactory {

    public static final String ID = "authio-condition-risk";

    @Override
    public ConditionalAuthenticator getSingleton() {
        return RiskConditionAuthenticator.SINGLETON;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - authio risk";
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
        return "Matches when the attempt's risk level (set by 'Authio risk evaluation') is at least the configured level: "
                + "low = allow, medium = step_up, high = deny.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty level = new ProviderConfigProperty();
        level.setName(RiskConditionAuthenticator.LEVEL);
        level.setLabel("Risk level at least");
        level.setHelpText("low, medium (step-up) or high (deny)");
        level.setType(ProviderConfigProperty.LIST_TYPE);
        level.setOptions(List.of("low", "medium", "high"));
        level.setDefaultValue("medium");
        return List.of(level);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
