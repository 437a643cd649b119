package io.authio.keycloak.risk;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.timer.TimerProvider;

import io.authio.keycloak.console.ReadOnlyConsolePage;

/**
 * Admin console page "authio-risk-decisions": the realm's most recent step-up and deny decisions, read-only.
 * Decisions are written on every sign-in, and a console row is a realm component whose write invalidates the
 * realm cache on every node, so the sign-in path never touches this page: {@link RiskDecisionsConsoleTask}
 * refreshes it in the background, on one node per interval, and writes only when a new step-up or deny
 * appeared (or a mirrored decision was anonymized or purged). Every decision, with filters, stays in
 * {@code GET /admin/realms/{realm}/authio/risk-decisions}.
 */
public class RiskDecisionsConsolePageFactory extends ReadOnlyConsolePage {

    public static final String ID = "authio-risk-decisions";

    private int intervalSeconds = 60;
    private int rows = 50;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "The latest Authio step-up and deny decisions of this realm (refreshed in the background at most once a minute), read-only. "
                + "Every decision, with filters: GET /admin/realms/{realm}/authio/risk-decisions.";
    }

    @Override
    protected List<String> displayFields() {
        return List.of("time", "decision", "score", "user", "ip", "signals");
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                readOnly("time", "Time", ProviderConfigProperty.STRING_TYPE, "When the sign-in was scored (UTC)"),
                readOnly("decision", "Decision", ProviderConfigProperty.STRING_TYPE, "step_up or deny"),
                readOnly("score", "Score", ProviderConfigProperty.STRING_TYPE, "0-100"),
                readOnly("user", "User", ProviderConfigProperty.STRING_TYPE, "Username at the time (empty for an unknown account)"),
                readOnly("ip", "IP address", ProviderConfigProperty.STRING_TYPE, "Client address"),
                readOnly("signals", "Signals", ProviderConfigProperty.MULTIVALUED_STRING_TYPE, "Signals that fired"),
                readOnly("outcome", "Outcome", ProviderConfigProperty.STRING_TYPE, "What happened next"),
                readOnly("kind", "Kind", ProviderConfigProperty.STRING_TYPE, "login or failed_attempt"),
                readOnly("country", "Country", ProviderConfigProperty.STRING_TYPE, "From the geo database, if configured"),
                readOnly("user_id", "User id", ProviderConfigProperty.STRING_TYPE, "Keycloak user id"),
                readOnly("decision_id", "Decision id", ProviderConfigProperty.STRING_TYPE, "The id in Authio's API"));
    }

    @Override
    protected String createRefusal(RealmModel realm) {
        return "Risk decisions are recorded by sign-ins, not created here. All of them: GET /admin/realms/" + realm.getName()
                + "/authio/risk-decisions.";
    }

    @Override
    protected String editRefusal(RealmModel realm) {
        return "Risk decisions are read-only records; change how sign-ins are scored in Realm settings → authio-risk-settings.";
    }

    @Override
    public void init(Config.Scope config) {
        intervalSeconds = Math.max(1, config.getInt("refresh-interval-seconds", 60));
        rows = Math.max(1, Math.min(200, config.getInt("rows", 50)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .scheduleTask(new RiskDecisionsConsoleTask(intervalSeconds, rows), intervalSeconds * 1000L, RiskDecisionsConsoleTask.NAME));
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("refresh-interval-seconds").type("int").defaultValue(60)
                .helpText("How often one node refreshes the console's risk decision page (it writes only when something changed).").add()
                .property().name("rows").type("int").defaultValue(50)
                .helpText("Step-up and deny decisions kept on the page per realm (at most 200).").add()
                .build();
    }
}
