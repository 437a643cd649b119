package io.authio.keycloak.magiclink;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.authio.core.magiclink.MagicLinkPolicy;

/**
 * The per-realm settings of the {@code authio-magic-link} execution (its authenticator config), typed and
 * validated into a {@link MagicLinkPolicy}. A missing or invalid value falls back to the default, so a
 * typo never disables sign-in; the admin console validates on save.
 */
public final class MagicLinkConfig {

    public static final String TTL_SECONDS = "ttl-seconds";
    public static final String RESEND_COOLDOWN_SECONDS = "resend-cooldown-seconds";
    public static final String MAX_CODE_ATTEMPTS = "max-code-attempts";
    public static final String CREATE_USERS = "create-users";
    public static final String PER_EMAIL_LIMIT = "per-email-limit";
    public static final String PER_IP_LIMIT = "per-ip-limit";
    public static final String LIMIT_PERIOD_SECONDS = "limit-period-seconds";
    public static final String ACCOUNT_CODE_FAILURES = "account-code-failures";

    private MagicLinkConfig() {
    }

    public static MagicLinkPolicy of(AuthenticatorConfigModel model) {
        Map<String, String> c = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        MagicLinkPolicy d = MagicLinkPolicy.defaults();
        try {
            return new MagicLinkPolicy(
                    Duration.ofSeconds(longOf(c, TTL_SECONDS, d.ttl().toSeconds())),
                    Duration.ofSeconds(longOf(c, RESEND_COOLDOWN_SECONDS, d.resendCooldown().toSeconds())),
                    (int) longOf(c, MAX_CODE_ATTEMPTS, d.maxCodeAttempts()),
                    Boolean.parseBoolean(c.getOrDefault(CREATE_USERS, "false")),
                    (int) longOf(c, PER_EMAIL_LIMIT, d.perEmailLimit()),
                    (int) longOf(c, PER_IP_LIMIT, d.perIpLimit()),
                    Duration.ofSeconds(longOf(c, LIMIT_PERIOD_SECONDS, d.limitPeriod().toSeconds())),
                    (int) longOf(c, ACCOUNT_CODE_FAILURES, d.accountCodeFailures()));
        } catch (IllegalArgumentException invalid) {
            return d;
        }
    }

    /** Throws IllegalArgumentException with a readable message when the config is out of bounds. */
    public static void validate(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        MagicLinkPolicy d = MagicLinkPolicy.defaults();
        new MagicLinkPolicy(
                Duration.ofSeconds(longOf(c, TTL_SECONDS, d.ttl().toSeconds())),
                Duration.ofSeconds(longOf(c, RESEND_COOLDOWN_SECONDS, d.resendCooldown().toSeconds())),
                (int) longOf(c, MAX_CODE_ATTEMPTS, d.maxCodeAttempts()),
                false,
                (int) longOf(c, PER_EMAIL_LIMIT, d.perEmailLimit()),
                (int) longOf(c, PER_IP_LIMIT, d.perIpLimit()),
                Duration.ofSeconds(longOf(c, LIMIT_PERIOD_SECONDS, d.limitPeriod().toSeconds())),
                (int) longOf(c, ACCOUNT_CODE_FAILURES, d.accountCodeFailures()));
    }

    static List<ProviderConfigProperty> properties() {
        MagicLinkPolicy d = MagicLinkPolicy.defaults();
        return ProviderConfigurationBuilder.create()
                .property().name(TTL_SECONDS).label("Link lifetime (seconds)")
                .helpText("How long a link and its code can be used: 600 (10 minutes) by default, at most 3600.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Long.toString(d.ttl().toSeconds())).add()
                .property().name(CREATE_USERS).label("Create account on first link")
                .helpText("Off by default. When on, a link sent to an unknown address creates the account when it is used.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(RESEND_COOLDOWN_SECONDS).label("Resend cooldown (seconds)")
                .helpText("Minimum time between two emails for one sign-in attempt.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Long.toString(d.resendCooldown().toSeconds())).add()
                .property().name(MAX_CODE_ATTEMPTS).label("Code attempts")
                .helpText("Wrong one-time codes accepted per link before the link is revoked (1-10).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(d.maxCodeAttempts())).add()
                .property().name(ACCOUNT_CODE_FAILURES).label("Wrong codes per account")
                .helpText("Wrong one-time codes per account across all its links before a cool-down (1-100; the budget refills "
                        + "over 24 hours and a successful email sign-in resets it).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(d.accountCodeFailures())).add()
                .property().name(PER_EMAIL_LIMIT).label("Emails per address")
                .helpText("Links sent to one address per period (cluster-wide), counted apart for the account's own devices and "
                        + "networks and for everyone else, so strangers cannot use up the owner's.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(d.perEmailLimit())).add()
                .property().name(PER_IP_LIMIT).label("Requests per IP address")
                .helpText("Link requests from one client address per period (cluster-wide).")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(d.perIpLimit())).add()
                .property().name(LIMIT_PERIOD_SECONDS).label("Rate limit period (seconds)")
                .helpText("The window of both rate limits.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Long.toString(d.limitPeriod().toSeconds())).add()
                .build();
    }

    private static long longOf(Map<String, String> c, String key, long fallback) {
        String v = c.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }
}
