package io.authio.keycloak.magiclink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import io.authio.core.magiclink.MagicLinkPolicy;

class MagicLinkConfigTest {

    private static AuthenticatorConfigModel model(Map<String, String> config) {
        AuthenticatorConfigModel m = new AuthenticatorConfigModel();
        m.setAlias("test");
        m.setConfig(new java.util.HashMap<>(config));
        return m;
    }

    @Test
    void noConfigMeansTheDefaults() {
        assertEquals(MagicLinkPolicy.defaults(), MagicLinkConfig.of(null));
        assertEquals(MagicLinkPolicy.defaults(), MagicLinkConfig.of(model(Map.of())));
    }

    @Test
    void valuesAreReadAndTyped() {
        MagicLinkPolicy p = MagicLinkConfig.of(model(Map.of("ttl-seconds", "1800", "create-users", "true",
                "resend-cooldown-seconds", "30", "max-code-attempts", "3", "per-email-limit", "2",
                "per-ip-limit", "9", "limit-period-seconds", "60", "account-code-failures", "50")));
        assertEquals(Duration.ofMinutes(30), p.ttl());
        assertTrue(p.createUsers());
        assertEquals(Duration.ofSeconds(30), p.resendCooldown());
        assertEquals(3, p.maxCodeAttempts());
        assertEquals(2, p.perEmailLimit());
        assertEquals(9, p.perIpLimit());
        assertEquals(Duration.ofSeconds(60), p.limitPeriod());
        assertEquals(50, p.accountCodeFailures());
    }

    @Test
    void anOutOfRangeOrGarbledConfigFallsBackToTheDefaultsAndFailsValidation() {
        Map<String, String> tooLong = Map.of("ttl-seconds", "7200", "create-users", "true");
        MagicLinkPolicy p = MagicLinkConfig.of(model(tooLong));
        assertEquals(MagicLinkPolicy.defaults(), p);
        assertFalse(p.createUsers(), "a broken config never turns account creation on");
        assertThrows(IllegalArgumentException.class, () -> MagicLinkConfig.validate(tooLong));
        assertThrows(IllegalArgumentException.class, () -> MagicLinkConfig.validate(Map.of("per-ip-limit", "many")));
        MagicLinkConfig.validate(Map.of("ttl-seconds", "3600"));
        assertThrows(IllegalArgumentException.class, () -> MagicLinkConfig.validate(Map.of("account-code-failures", "1000")),
                "no realm may allow more than 100 wrong codes per account");
    }

    @Test
    void theAdminConsoleListsEveryOption() {
        assertEquals(8, MagicLinkConfig.properties().size());
    }
}
