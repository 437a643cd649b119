package io.authio.keycloak.risk;

import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The {@code authio-risk} execution's configuration (per flow; realm-wide scoring settings live in the
 * risk settings API).
 *
 * @param denyWithoutSecondFactor a step-up for a user with no OTP or passkey credential becomes a deny
 *                                (otherwise the step-up sub-flow runs, which may ask to enrol one)
 * @param deviceCookieDays        lifetime of the device cookie
 */
public record RiskConfig(boolean denyWithoutSecondFactor, int deviceCookieDays) {

    static final String DENY_WITHOUT_SECOND_FACTOR = "deny-without-second-factor";
    static final String DEVICE_COOKIE_DAYS = "device-cookie-days";

    static final List<ProviderConfigProperty> PROPERTIES = List.of(
            property(DENY_WITHOUT_SECOND_FACTOR, "Deny step-up without a second factor",
                    "When a step-up is required but the user has no OTP or passkey credential, deny instead of letting the "
                            + "step-up sub-flow ask to enrol one (an attacker holding only the password could enrol their own).",
                    ProviderConfigProperty.BOOLEAN_TYPE, "true"),
            property(DEVICE_COOKIE_DAYS, "Device cookie lifetime (days)", "How long the device cookie lives (1-400).",
                    ProviderConfigProperty.STRING_TYPE, "400"));

    /** A grant has no browser, so no device cookie: only the second-factor rule applies. */
    static final List<ProviderConfigProperty> DIRECT_GRANT_PROPERTIES = PROPERTIES.stream()
            .filter(p -> p.getName().equals(DENY_WITHOUT_SECOND_FACTOR)).toList();

    static RiskConfig of(AuthenticatorConfigModel model) {
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        boolean deny = !"false".equalsIgnoreCase(c.getOrDefault(DENY_WITHOUT_SECOND_FACTOR, "true"));
        int days = 400;
        try {
            days = Math.max(1, Math.min(400, Integer.parseInt(c.getOrDefault(DEVICE_COOKIE_DAYS, "400").trim())));
        } catch (NumberFormatException ignored) {
            // keep the default
        }
        return new RiskConfig(deny, days);
    }

    private static ProviderConfigProperty property(String name, String label, String help, String type, String def) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(name);
        p.setLabel(label);
        p.setHelpText(help);
        p.setType(type);
        p.setDefaultValue(def);
        return p;
    }
}
