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

/**
 * {@code authio-risk}. Server options ({@code --spi-authenticator--authio-risk--<name>}):
 * {@code geo-city-database} and {@code geo-asn-database} (paths of MaxMind-format .mmdb files) and
 * {@code denylist-file} (CIDR networks, one per line).
 */
public class RiskAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "authio-risk";

    private RiskEnvironment env;

    @Override
    public void init(Config.Scope config) {
        env = new RiskEnvironment(config.get("geo-city-database"), config.get("geo-asn-database"), config.get("denylist-file"));
    }

    /** The node's geo databases and denylist (shared with the failed-attempt listener). */
    public RiskEnvironment environment() {
        return env;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RiskAuthenticator(env);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        if (env != null) {
            env.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Authio risk evaluation";
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
        return "Scores the sign-in (device, network, geo, velocity, denylist, ...), records the decision and sets the risk "
                + "level for 'Condition - authio risk' sub-flows. Place it after the user is identified.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RiskConfig.PROPERTIES;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("geo-city-database").type("string")
                .helpText("Path of a MaxMind-format city/country database (.mmdb); without it geo signals are off").add()
                .property().name("geo-asn-database").type("string")
                .helpText("Path of a MaxMind-format ASN database (.mmdb); without it new_asn is off").add()
                .property().name("denylist-file").type("string")
                .helpText("Path of a file of denylisted CIDR networks, one per line ('#' comments); re-read when it changes").add()
                .build();
    }
}
