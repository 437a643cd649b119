package io.authio.keycloak.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import io.authio.core.api.ApiException;
import io.authio.core.audit.AuditEvent;
import io.authio.core.risk.RiskSettings;
import io.authio.core.risk.RiskSettingsForm;
import io.authio.core.risk.Signal;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.console.ConsoleComponents;

/**
 * Tab "authio-risk-settings" on the console's Realm settings: the realm's risk settings as a form. The realm
 * attribute stays the source of truth; the tab's single component per realm mirrors it (written at startup
 * and realm creation when missing, and by every API change). A save here is validated by the same core code
 * as the API ({@link RiskSettingsForm} → {@link RiskSettings#parse}); a bad value is a 400 naming the field
 * and stores nothing; a good one updates the realm attribute and is audited as {@code risk.settings.updated}.
 */
public class RiskSettingsConsoleTabFactory implements UiTabProviderFactory<ComponentModel> {

    public static final String ID = "authio-risk-settings";
    static final String TAB = UiTabProvider.class.getName();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?"; // also while no tab is chosen yet
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ID);
    }

    @Override
    public String getHelpText() {
        return "Authio risk scoring of this realm: thresholds, signal weights and parameters (same rules as PUT /authio/risk-settings).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> p = new ArrayList<>();
        p.add(property(RiskSettingsForm.STEP_UP, "Step-up threshold", "Scores from here (1-100) ask for a second factor",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property(RiskSettingsForm.DENY, "Deny threshold", "Scores from here (at least the step-up threshold, 101 = never) are denied",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property(RiskSettingsForm.BIAS, "Bias", "Log-odds of a sign-in with no signal (-20 to 0)", ProviderConfigProperty.STRING_TYPE));
        ProviderConfigProperty enabled = property(RiskSettingsForm.ENABLED_SIGNALS, "Enabled signals", "Signals that count",
                ProviderConfigProperty.MULTIVALUED_LIST_TYPE);
        enabled.setOptions(java.util.Arrays.stream(Signal.values()).map(Signal::id).toList());
        p.add(enabled);
        for (Signal s : Signal.values()) {
            p.add(property(RiskSettingsForm.WEIGHT_PREFIX + s.id(), "Weight: " + s.id(), s.description() + " (0-20)",
                    ProviderConfigProperty.STRING_TYPE));
        }
        p.add(property("impossible_travel_kmh", "Impossible travel (km/h)", "Speed above which travel is impossible (100-20000)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("failure_window_minutes", "Failure window (minutes)", "How far back failed sign-ins count (1-1440)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("failed_attempts_user_threshold", "Failed attempts per user", "Failures of a user at full strength (1-1000)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("failed_attempts_ip_threshold", "Failed attempts per IP", "Failures from an IP at full strength (1-100000)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("credential_stuffing_usernames", "Credential stuffing usernames", "Distinct usernames from one IP (2-100000)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("stale_after_days", "Stale after (days)", "No sign-in for this long marks a stale account (1-3650)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("unusual_hour_min_sign_ins", "Unusual hour: minimum sign-ins", "History needed before hours count (1-10000)",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property("unusual_hour_max_share_percent", "Unusual hour: max share (%)", "An hour this rare (0-100) is unusual",
                ProviderConfigProperty.STRING_TYPE));
        p.add(property(RiskSettingsForm.NEW_DEVICE_EMAIL, "New device email", "Email the user after a sign-in from a new device",
                ProviderConfigProperty.BOOLEAN_TYPE));
        return p;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        if (model.getId() == null || realm.getComponent(model.getId()) == null) {
            ComponentModel existing = find(realm);
            if (existing != null && !existing.getId().equals(model.getId())) {
                throw new ComponentValidationException("This realm's risk settings tab exists already; reload the page and edit it.");
            }
        }
        RiskSettings settings;
        try {
            settings = RiskSettingsForm.fromForm(model.getConfig());
        } catch (ApiException e) {
            throw new ComponentValidationException("Risk settings: " + e.getMessage());
        }
        model.setName(ID);
        model.setConfig(new MultivaluedHashMap<>(RiskSettingsForm.toForm(settings))); // canonical, without the console's route keys
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        apply(session, realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        apply(session, realm, newModel);
    }

    /** Stores a console change in the realm attribute and audits it like the API; a save that changes nothing is silent. */
    private void apply(KeycloakSession session, RealmModel realm, ComponentModel model) {
        RiskSettings settings = RiskSettingsForm.fromForm(model.getConfig());
        if (settings.equals(RiskSettingsStore.load(realm))) {
            return;
        }
        RiskSettingsStore.save(realm, settings);
        AuditLog.of(session).recordSystem(realm.getId(), "risk.settings.updated", AuditEvent.Outcome.SUCCESS, "admin",
                ConsoleComponents.adminId(session), null, Map.of("step_up_threshold", String.valueOf(settings.stepUpThreshold()),
                        "deny_threshold", String.valueOf(settings.denyThreshold()), "via", "admin-console"));
    }

    /** Writes the tab's component so it shows these settings (creates it when missing). */
    static void sync(KeycloakSession session, RealmModel realm, RiskSettings settings) {
        if (realm == null || !ConsoleComponents.enabled()) {
            return;
        }
        ComponentModel existing = find(realm);
        String id = existing != null ? existing.getId() : KeycloakModelUtils.generateId();
        ConsoleComponents.put(session, realm, id, TAB, ID, ID, RiskSettingsForm.toForm(settings));
    }

    private static ComponentModel find(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), TAB).filter(c -> ID.equals(c.getProviderId())).findFirst().orElse(null);
    }

    private static ProviderConfigProperty property(String name, String label, String help, String type) {
        return new ProviderConfigProperty(name, label, help, type, null);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                // every realm gets its tab's component once (later starts find it and write nothing)
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                        .forEach(realm -> sync(session, realm, RiskSettingsStore.load(realm))));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                sync(created.getKeycloakSession(), created.getCreatedRealm(), RiskSettingsStore.load(created.getCreatedRealm()));
            }
        });
    }

    @Override
    public void close() {
    }
}
