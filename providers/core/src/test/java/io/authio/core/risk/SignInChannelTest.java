package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SignInChannelTest {

    private final RiskSettings settings = RiskSettings.defaults();

    @Test
    void aDirectGrantIsNotPenalisedForHavingNoDeviceCookieOrAnAppsUserAgent() {
        RiskInput in = RiskInput.builder(Instant.parse("2026-12-06T10:00:00Z")).deviceKnown(false).userAgent("python-requests/2.32.3").build();

        RiskAssessment browser = SignInChannel.BROWSER.assess(in, settings, true);
        RiskAssessment grant = SignInChannel.DIRECT_GRANT.assess(in, settings, true);

        assertTrue(browser.fired(Signal.NEW_DEVICE) && browser.fired(Signal.SUSPICIOUS_USER_AGENT));
        assertFalse(grant.fired(Signal.NEW_DEVICE));
        assertFalse(grant.fired(Signal.SUSPICIOUS_USER_AGENT));
        assertEquals(Decision.ALLOW, grant.decision());
        assertTrue(grant.notes().stream().anyMatch(n -> n.contains("new_device and suspicious_user_agent do not apply")), grant.notes().toString());
    }

    @Test
    void everyOtherSignalStillCountsOnADirectGrant() {
        RiskInput in = RiskInput.builder(Instant.parse("2026-12-06T10:00:00Z")).denylistMatch("198.51.100.0/24").ipKnown(false)
                .networkKnown(false).failedForUser(5).build();

        RiskAssessment grant = SignInChannel.DIRECT_GRANT.assess(in, settings, true);

        assertEquals(Decision.DENY, grant.decision());
        assertTrue(grant.fired(Signal.DENYLISTED_IP) && grant.fired(Signal.NEW_IP) && grant.fired(Signal.FAILED_ATTEMPTS_USER));
    }

    @Test
    void channelsWithoutExclusionsScoreExactlyAsTheEngine() {
        RiskInput in = RiskInput.builder(Instant.parse("2026-12-06T10:00:00Z")).deviceKnown(false).ipKnown(false).build();
        for (SignInChannel c : new SignInChannel[] {SignInChannel.BROWSER, SignInChannel.SSO_COOKIE, SignInChannel.IDENTITY_PROVIDER}) {
            assertEquals(RiskEngine.evaluate(in, settings), c.assess(in, settings, true), c.kind());
        }
        assertEquals("sso", SignInChannel.SSO_COOKIE.kind());
        assertEquals("broker", SignInChannel.IDENTITY_PROVIDER.kind());
    }

    @Test
    void aRecordedOnlyDecisionSaysItWasNotEnforced() {
        RiskInput in = RiskInput.builder(Instant.parse("2026-12-06T10:00:00Z")).build();

        RiskAssessment sso = SignInChannel.SSO_COOKIE.assess(in, settings, false);

        assertEquals(RiskEngine.evaluate(in, settings).score(), sso.score());
        assertTrue(sso.notes().contains("sso: recorded after the sign-in completed; the decision was not enforced"), sso.notes().toString());
    }
}
