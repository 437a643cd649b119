package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RiskEngineTest {

    static final Instant NOW = Instant.parse("2026-11-30T14:05:00Z");
    static final RiskInput.GeoPoint BERLIN = new RiskInput.GeoPoint(52.52, 13.405);
    static final RiskInput.GeoPoint SYDNEY = new RiskInput.GeoPoint(-33.87, 151.21);
    static final RiskInput.GeoPoint POTSDAM = new RiskInput.GeoPoint(52.39, 13.06);

    static int[] habitualAfternoons() {
        int[] h = new int[24];
        h[13] = 10;
        h[14] = 20;
        h[15] = 10;
        return h;
    }

    static RiskInput.Builder familiar() {
        return RiskInput.builder(NOW).country("DE", true).location(BERLIN).lastLocation(BERLIN)
                .lastSignInAt(NOW.minus(Duration.ofDays(1))).hourHistogram(habitualAfternoons());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("familiar device, IP and place", (UnaryOperator<RiskInput.Builder>) b -> b,
                        Set.of(), 2, Decision.ALLOW),
                Arguments.of("new device only", (UnaryOperator<RiskInput.Builder>) b -> b.deviceKnown(false),
                        Set.of(Signal.NEW_DEVICE), 8, Decision.ALLOW),
                Arguments.of("new device, IP and network at home", (UnaryOperator<RiskInput.Builder>) b -> b
                        .deviceKnown(false).ipKnown(false).networkKnown(false),
                        Set.of(Signal.NEW_DEVICE, Signal.NEW_IP, Signal.NEW_NETWORK), 21, Decision.ALLOW),
                Arguments.of("new country and new device", (UnaryOperator<RiskInput.Builder>) b -> b
                        .deviceKnown(false).ipKnown(false).networkKnown(false).country("FR", false)
                        .location(new RiskInput.GeoPoint(48.85, 2.35)).lastSignInAt(NOW.minus(Duration.ofDays(2))),
                        Set.of(Signal.NEW_DEVICE, Signal.NEW_IP, Signal.NEW_NETWORK, Signal.NEW_COUNTRY), 67, Decision.STEP_UP),
                Arguments.of("impossible travel Berlin to Sydney in an hour", (UnaryOperator<RiskInput.Builder>) b -> b
                        .ipKnown(false).networkKnown(false).country("AU", false).location(SYDNEY)
                        .lastSignInAt(NOW.minus(Duration.ofHours(1))),
                        Set.of(Signal.NEW_IP, Signal.NEW_NETWORK, Signal.NEW_COUNTRY, Signal.IMPOSSIBLE_TRAVEL), 99, Decision.DENY),
                Arguments.of("nearby city an hour later is not travel", (UnaryOperator<RiskInput.Builder>) b -> b
                        .location(POTSDAM).lastSignInAt(NOW.minus(Duration.ofHours(1))),
                        Set.of(), 2, Decision.ALLOW),
                Arguments.of("denylisted IP", (UnaryOperator<RiskInput.Builder>) b -> b.denylistMatch("198.51.100.0/24"),
                        Set.of(Signal.DENYLISTED_IP), 98, Decision.DENY),
                Arguments.of("five failures for the user", (UnaryOperator<RiskInput.Builder>) b -> b.failedForUser(5),
                        Set.of(Signal.FAILED_ATTEMPTS_USER), 18, Decision.ALLOW),
                Arguments.of("failures for the user and from the IP, new device", (UnaryOperator<RiskInput.Builder>) b -> b
                        .failedForUser(5).failedFromIp(20).deviceKnown(false),
                        Set.of(Signal.FAILED_ATTEMPTS_USER, Signal.FAILED_ATTEMPTS_IP, Signal.NEW_DEVICE), 88, Decision.DENY),
                Arguments.of("credential stuffing from the IP", (UnaryOperator<RiskInput.Builder>) b -> b.distinctUsernamesFromIp(12),
                        Set.of(Signal.CREDENTIAL_STUFFING), 27, Decision.ALLOW),
                Arguments.of("headless browser", (UnaryOperator<RiskInput.Builder>) b -> b.userAgent("Mozilla/5.0 HeadlessChrome/120.0"),
                        Set.of(Signal.SUSPICIOUS_USER_AGENT), 18, Decision.ALLOW),
                Arguments.of("unusual hour", (UnaryOperator<RiskInput.Builder>) b -> b.hourHistogram(nightOwl()),
                        Set.of(Signal.UNUSUAL_HOUR), 4, Decision.ALLOW),
                Arguments.of("stale account", (UnaryOperator<RiskInput.Builder>) b -> b.lastSignInAt(NOW.minus(Duration.ofDays(200))),
                        Set.of(Signal.STALE_ACCOUNT), 5, Decision.ALLOW),
                Arguments.of("first sign-in ever: novelty not applicable", (UnaryOperator<RiskInput.Builder>) b -> b
                        .hasHistory(false).deviceKnown(false).ipKnown(false).networkKnown(false).country("DE", null)
                        .lastLocation(null).lastSignInAt(null),
                        Set.of(), 2, Decision.ALLOW));
    }

    static int[] nightOwl() {
        int[] h = new int[24];
        h[2] = 30;
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoresAndDecidesAsTabulated(String name, UnaryOperator<RiskInput.Builder> scenario, Set<Signal> expected,
            int expectedScore, Decision expectedDecision) {
        RiskAssessment a = RiskEngine.evaluate(scenario.apply(familiar()).build(), RiskSettings.defaults());
        assertEquals(expected, Set.copyOf(a.fired().stream().map(RiskAssessment.Fired::signal).toList()), name);
        assertEquals(expectedScore, a.score(), name + ": " + a.toMap());
        assertEquals(expectedDecision, a.decision(), name);
        a.fired().forEach(f -> assertFalse(f.detail().isBlank()));
    }

    @Test
    void theExplanationAddsUp() {
        RiskAssessment a = RiskEngine.evaluate(familiar().deviceKnown(false).failedForUser(2).build(), RiskSettings.defaults());
        double sum = a.bias() + a.fired().stream().mapToDouble(RiskAssessment.Fired::contribution).sum();
        assertEquals(sum, a.logOdds(), 1e-9);
        assertEquals(RiskEngine.score(sum), a.score());
        RiskAssessment.Fired failures = a.fired().stream().filter(f -> f.signal() == Signal.FAILED_ATTEMPTS_USER).findFirst().orElseThrow();
        assertEquals(0.4, failures.strength(), 1e-9);
        assertEquals(1.0, failures.contribution(), 1e-9);
        assertEquals("2 failed sign-in(s) for this account in the last 15 minutes", failures.detail());
    }

    @Test
    void failuresFromElsewhereRaiseTheOwnersNewBrowserToAStepUpThatDoesNotBecomeADenyWithoutASecondFactor() {
        // the case: five failures by a stranger, then the owner on a new browser at home
        RiskAssessment a = RiskEngine.evaluate(familiar().deviceKnown(false).failedForUser(5).failedForUserFromElsewhere(5).build(),
                RiskSettings.defaults());
        assertEquals(50, a.score());
        assertEquals(Decision.STEP_UP, a.decision());
        assertTrue(a.raisedOnlyFromElsewhere());
        assertEquals(Decision.STEP_UP, a.enforce(true, true).decision(), "an owner with a second factor passes the step-up");
        RiskAssessment withoutSecondFactor = a.enforce(false, true);
        assertEquals(Decision.ALLOW, withoutSecondFactor.decision(), "never a deny a stranger caused");
        assertTrue(withoutSecondFactor.notes().get(0).contains("a stranger cannot lock the owner out"), withoutSecondFactor.notes().toString());
        assertEquals(50, withoutSecondFactor.score(), "the score stays what it was");
    }

    @Test
    void theSameFailuresFromTheOwnersOwnPlacesOrThisAddressStillDenyWithoutASecondFactor() {
        RiskAssessment a = RiskEngine.evaluate(familiar().deviceKnown(false).failedForUser(5).build(), RiskSettings.defaults());
        assertEquals(Decision.STEP_UP, a.decision());
        assertFalse(a.raisedOnlyFromElsewhere(), "failures from known places or from this very address are not a stranger's");
        RiskAssessment enforced = a.enforce(false, true);
        assertEquals(Decision.DENY, enforced.decision());
        assertTrue(enforced.notes().get(0).contains("no OTP or passkey"), enforced.notes().toString());
        assertEquals(Decision.STEP_UP, a.enforce(false, false).decision(), "deny-without-second-factor switched off");
    }

    @Test
    void failuresFromElsewhereAreCappedBelowTheDenyThresholdAndTheExplanationStillAddsUp() {
        RiskSettings heavy = RiskSettings.defaults().toBuilder().weight(Signal.FAILED_ATTEMPTS_USER, 20).build();
        RiskAssessment a = RiskEngine.evaluate(familiar().deviceKnown(false).ipKnown(false).networkKnown(false)
                .failedForUser(30).failedForUserFromElsewhere(30).build(), heavy);
        assertEquals(Decision.STEP_UP, a.decision());
        assertEquals(84, a.score(), "just under the deny threshold of 85: " + a.toMap());
        assertTrue(a.raisedOnlyFromElsewhere());
        double sum = a.bias() + a.fired().stream().mapToDouble(RiskAssessment.Fired::contribution).sum();
        assertEquals(sum, a.logOdds(), 1e-9);
        RiskAssessment.Fired failures = a.fired().stream().filter(f -> f.signal() == Signal.FAILED_ATTEMPTS_USER).findFirst().orElseThrow();
        assertTrue(failures.contribution() < 20, failures.toString());
        assertTrue(failures.detail().contains("30 of them from elsewhere") && failures.detail().contains("never a deny"), failures.detail());
    }

    @Test
    void aSignInDeniedOnItsOwnSignalsStaysDeniedWhateverFailedElsewhere() {
        RiskAssessment a = RiskEngine.evaluate(familiar().denylistMatch("198.51.100.0/24").failedForUser(5).failedForUserFromElsewhere(5)
                .build(), RiskSettings.defaults());
        assertEquals(Decision.DENY, a.decision());
        assertFalse(a.raisedOnlyFromElsewhere());
        assertEquals(Decision.DENY, a.enforce(false, true).decision());
    }

    @Test
    void withOnlyPartOfTheFailuresFromElsewhereOnlyThatPartIsCapped() {
        RiskSettings heavy = RiskSettings.defaults().toBuilder().weight(Signal.FAILED_ATTEMPTS_USER, 6).build();
        // 2 failures from this address (2.4 log-odds: a step-up with the new device), 3 from elsewhere
        RiskAssessment a = RiskEngine.evaluate(familiar().deviceKnown(false).failedForUser(5).failedForUserFromElsewhere(3).build(), heavy);
        assertEquals(Decision.STEP_UP, a.decision(), a.toMap().toString());
        assertFalse(a.raisedOnlyFromElsewhere(), "this address's own failures already required the step-up");
        assertEquals(Decision.DENY, a.enforce(false, true).decision());
    }

    @Test
    void disabledSignalsDoNotFireAndWeightsAreTheRealmsOwn() {
        RiskSettings s = RiskSettings.defaults().toBuilder().enabled(Signal.DENYLISTED_IP, false)
                .weight(Signal.NEW_DEVICE, 4.0).build();
        RiskAssessment a = RiskEngine.evaluate(familiar().denylistMatch("10.0.0.0/8").deviceKnown(false).build(), s);
        assertEquals(List.of("new_device"), a.signalIds());
        assertEquals(50, a.score());
        assertEquals(Decision.STEP_UP, a.decision());
    }

    @Test
    void anUnfamiliarAutonomousSystemFiresNewAsnAndAFamiliarOneDoesNot() {
        RiskAssessment unfamiliar = RiskEngine.evaluate(familiar().asn(13335L, false).build(), RiskSettings.defaults());
        assertTrue(unfamiliar.fired(Signal.NEW_ASN), unfamiliar.signalIds().toString());
        assertTrue(unfamiliar.fired().stream().filter(f -> f.signal() == Signal.NEW_ASN).findFirst().orElseThrow().detail().contains("AS13335"));
        RiskAssessment familiar = RiskEngine.evaluate(familiar().asn(3320L, true).build(), RiskSettings.defaults());
        assertFalse(familiar.fired(Signal.NEW_ASN));
        assertTrue(unfamiliar.score() > familiar.score(), "an unfamiliar network operator raises the score");
        assertTrue(familiar.notes().stream().noneMatch(n -> n.startsWith("asn:")), "with an ASN database the signal is evaluated");
    }

    @Test
    void withoutGeoTheGeoSignalsAreOffAndSaySo() {
        RiskAssessment a = RiskEngine.evaluate(RiskInput.builder(NOW).lastSignInAt(NOW.minusSeconds(60)).build(),
                RiskSettings.defaults());
        assertTrue(a.notes().stream().anyMatch(n -> n.startsWith("geo: no location database")), a.notes().toString());
        assertTrue(a.notes().stream().anyMatch(n -> n.startsWith("asn: no ASN database")));
        assertFalse(a.fired(Signal.NEW_COUNTRY));
        assertFalse(a.fired(Signal.IMPOSSIBLE_TRAVEL));
    }

    @Test
    void impossibleTravelReportsDistanceAndSpeed() {
        RiskAssessment a = RiskEngine.evaluate(familiar().location(SYDNEY).lastSignInAt(NOW.minus(Duration.ofHours(2))).build(),
                RiskSettings.defaults());
        String detail = a.fired().stream().filter(f -> f.signal() == Signal.IMPOSSIBLE_TRAVEL).findFirst().orElseThrow().detail();
        assertTrue(detail.startsWith("16"), detail); // Berlin-Sydney is about 16,000 km
        assertTrue(detail.contains("120 minutes earlier"), detail);
        // a day later the same distance is a plausible flight
        RiskAssessment later = RiskEngine.evaluate(familiar().location(SYDNEY).lastSignInAt(NOW.minus(Duration.ofHours(30))).build(),
                RiskSettings.defaults());
        assertFalse(later.fired(Signal.IMPOSSIBLE_TRAVEL));
    }

    @Test
    void thresholdsAreInclusive() {
        RiskSettings s = RiskSettings.defaults().toBuilder().stepUpThreshold(50).denyThreshold(90).build();
        assertEquals(Decision.ALLOW, s.decide(49));
        assertEquals(Decision.STEP_UP, s.decide(50));
        assertEquals(Decision.STEP_UP, s.decide(89));
        assertEquals(Decision.DENY, s.decide(90));
        RiskSettings neverDeny = RiskSettings.defaults().toBuilder().denyThreshold(101).build();
        assertEquals(Decision.STEP_UP, neverDeny.decide(100));
    }
}
