package io.authio.core.magiclink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MagicLinkPolicyTest {

    @Test
    void defaultsAreTenMinutesNoAccountCreationAndAOneMinuteCooldown() {
        MagicLinkPolicy p = MagicLinkPolicy.defaults();
        assertEquals(Duration.ofMinutes(10), p.ttl());
        assertFalse(p.createUsers());
        assertEquals(Duration.ofSeconds(60), p.resendCooldown());
        assertEquals(600_000 + 5, p.expiresAt(5));
    }

    @Test
    void theLifetimeIsCappedAtOneHour() {
        assertThrows(IllegalArgumentException.class, () -> withTtl(Duration.ofMinutes(61)));
        assertThrows(IllegalArgumentException.class, () -> withTtl(Duration.ofSeconds(9)));
        assertEquals(Duration.ofMinutes(60), withTtl(Duration.ofMinutes(60)).ttl());
        assertEquals(Duration.ofSeconds(10), withTtl(Duration.ofSeconds(10)).ttl());
    }

    @Test
    void otherBoundsAreChecked() {
        var d = MagicLinkPolicy.defaults();
        assertThrows(IllegalArgumentException.class, () -> new MagicLinkPolicy(d.ttl(), d.ttl().plusSeconds(1), 5, false, 1, 1, d.limitPeriod(), 100));
        assertThrows(IllegalArgumentException.class, () -> new MagicLinkPolicy(d.ttl(), d.resendCooldown(), 0, false, 1, 1, d.limitPeriod(), 100));
        assertThrows(IllegalArgumentException.class, () -> new MagicLinkPolicy(d.ttl(), d.resendCooldown(), 5, false, 0, 1, d.limitPeriod(), 100));
        assertThrows(IllegalArgumentException.class, () -> new MagicLinkPolicy(d.ttl(), d.resendCooldown(), 5, false, 1, 1, Duration.ZERO, 100));
    }

    @Test
    void wrongCodesPerAccountAreAtMostAHundred() {
        var d = MagicLinkPolicy.defaults();
        assertEquals(100, d.accountCodeFailures());
        assertEquals(100, d.codesPerAccount().limit());
        assertEquals(Duration.ofHours(24), d.codesPerAccount().period());
        assertEquals(5, d.codesPerLink().limit());
        assertThrows(IllegalArgumentException.class, () -> new MagicLinkPolicy(d.ttl(), d.resendCooldown(), 5, false, 5, 30,
                d.limitPeriod(), 101), "a realm cannot allow more than NIST's 100");
        assertThrows(IllegalArgumentException.class, () -> new MagicLinkPolicy(d.ttl(), d.resendCooldown(), 5, false, 5, 30,
                d.limitPeriod(), 0));
    }

    @Test
    void theOwnersPlacesAndEveryoneElseDrawOnSeparateAddressBudgets() {
        var d = MagicLinkPolicy.defaults();
        assertEquals("magic-link.email.known", d.perEmail(true).name());
        assertEquals("magic-link.email", d.perEmail(false).name());
        assertEquals(d.perEmail(true).limit(), d.perEmail(false).limit());
    }

    @Test
    void theResendWaitRoundsUpToWholeSeconds() {
        MagicLinkPolicy p = MagicLinkPolicy.defaults();
        assertEquals(60, p.resendWaitSeconds(1_000, 1_000));
        assertEquals(1, p.resendWaitSeconds(1_000, 60_999));
        assertEquals(0, p.resendWaitSeconds(1_000, 61_000));
        assertEquals(0, p.resendWaitSeconds(1_000, 500_000));
    }

    private static MagicLinkPolicy withTtl(Duration ttl) {
        return new MagicLinkPolicy(ttl, Duration.ZERO, 5, false, 5, 30, Duration.ofMinutes(15), 100);
    }
}
