package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Properties over many random inputs and settings (fixed seeds, so failures reproduce). */
class RiskEnginePropertiesTest {

    static final int RUNS = 20_000;

    static RiskSettings randomSettings(Random r) {
        RiskSettings.Builder b = RiskSettings.builder().bias(-r.nextDouble() * 20);
        for (Signal s : Signal.values()) {
            b.weight(s, r.nextDouble() * RiskSettings.MAX_WEIGHT).enabled(s, r.nextInt(5) != 0);
        }
        int stepUp = 1 + r.nextInt(100);
        return b.stepUpThreshold(stepUp).denyThreshold(stepUp + r.nextInt(102 - stepUp))
                .failedAttemptsUserThreshold(1 + r.nextInt(20)).failedAttemptsIpThreshold(1 + r.nextInt(50))
                .credentialStuffingUsernames(2 + r.nextInt(20)).build();
    }

    static RiskInput.Builder randomInput(Random r, Instant now) {
        RiskInput.Builder b = RiskInput.builder(now).hasHistory(r.nextBoolean()).deviceKnown(r.nextBoolean())
                .ipKnown(r.nextBoolean()).networkKnown(r.nextBoolean())
                .failedForUser(r.nextInt(30)).failedForUserFromElsewhere(r.nextInt(30)).failedFromIp(r.nextInt(60)).distinctUsernamesFromIp(r.nextInt(30))
                .userAgent(r.nextInt(10) == 0 ? "curl/8.0" : "Mozilla/5.0 Firefox/128.0");
        if (r.nextBoolean()) {
            b.country(r.nextBoolean() ? "DE" : "FR", r.nextBoolean())
                    .location(new RiskInput.GeoPoint(r.nextDouble() * 180 - 90, r.nextDouble() * 360 - 180))
                    .lastLocation(new RiskInput.GeoPoint(r.nextDouble() * 180 - 90, r.nextDouble() * 360 - 180));
        }
        if (r.nextBoolean()) {
            b.lastSignInAt(now.minus(Duration.ofMinutes(r.nextInt(400_000))));
        }
        if (r.nextInt(10) == 0) {
            b.denylistMatch("192.0.2.0/24");
        }
        int[] h = new int[24];
        for (int i = 0; i < 24; i++) {
            h[i] = r.nextInt(4) == 0 ? r.nextInt(20) : 0;
        }
        return b.hourHistogram(h);
    }

    @Test
    void scoresStayWithin0And100AndDecisionsFollowTheThresholds() {
        Random r = new Random(42);
        for (int i = 0; i < RUNS; i++) {
            RiskSettings s = randomSettings(r);
            RiskAssessment a = RiskEngine.evaluate(randomInput(r, Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1_000_000))).build(), s);
            assertTrue(a.score() >= 0 && a.score() <= 100, a.toMap().toString());
            assertEquals(s.decide(a.score()), a.decision());
            assertEquals(a.score() >= s.denyThreshold() ? Decision.DENY
                    : a.score() >= s.stepUpThreshold() ? Decision.STEP_UP : Decision.ALLOW, a.decision());
        }
    }

    @Test
    void moreEvidenceNeverLowersTheScore() {
        Random r = new Random(7);
        for (int i = 0; i < RUNS; i++) {
            RiskSettings s = randomSettings(r);
            Instant now = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1_000_000));
            long seed = r.nextLong();
            RiskInput base = randomInput(new Random(seed), now).build();
            RiskInput.Builder worse = randomInput(new Random(seed), now);
            switch (r.nextInt(8)) {
                case 0 -> worse.deviceKnown(false);
                case 1 -> worse.ipKnown(false).networkKnown(false);
                case 2 -> worse.failedForUser(base.failedForUser() + 1 + r.nextInt(10));
                case 3 -> worse.failedFromIp(base.failedFromIp() + 1 + r.nextInt(10));
                case 4 -> worse.distinctUsernamesFromIp(base.distinctUsernamesFromIp() + 1 + r.nextInt(10));
                case 5 -> worse.denylistMatch("203.0.113.0/24");
                case 6 -> {
                    int more = 1 + r.nextInt(10);
                    worse.failedForUser(base.failedForUser() + more).failedForUserFromElsewhere(base.failedForUserFromElsewhere() + more);
                }
                default -> worse.userAgent("python-requests/2.31");
            }
            RiskAssessment a = RiskEngine.evaluate(base, s);
            RiskAssessment b = RiskEngine.evaluate(worse.build(), s);
            assertTrue(b.logOdds() >= a.logOdds() - 1e-12, a.toMap() + " vs " + b.toMap());
            assertTrue(b.score() >= a.score());
            assertTrue(b.decision().level().compareTo(a.decision().level()) >= 0);
        }
    }

    @Test
    void failuresFromElsewhereNeverTurnASignInIntoADeny() {
        Random r = new Random(11);
        for (int i = 0; i < RUNS; i++) {
            RiskSettings s = randomSettings(r);
            RiskInput.Builder b = randomInput(r, Instant.ofEpochSecond(1_700_000_000L));
            RiskInput with = b.build();
            RiskInput without = b.failedForUser(with.failedForUser() - with.failedForUserFromElsewhere()).failedForUserFromElsewhere(0).build();
            RiskAssessment a = RiskEngine.evaluate(with, s);
            RiskAssessment own = RiskEngine.evaluate(without, s);
            if (own.decision() != Decision.DENY) {
                assertTrue(a.decision() != Decision.DENY, own.toMap() + " vs " + a.toMap());
                assertTrue(a.enforce(false, true).decision() != Decision.DENY || own.decision() == Decision.STEP_UP,
                        "without a second factor only the sign-in's own risk can deny: " + a.toMap());
            }
        }
    }

    @Test
    void raisingAWeightNeverLowersTheScore() {
        Random r = new Random(99);
        for (int i = 0; i < RUNS; i++) {
            RiskSettings s = randomSettings(r);
            Signal sig = Signal.values()[r.nextInt(Signal.values().length)];
            double w = s.weight(sig);
            RiskSettings heavier = s.toBuilder().weight(sig, Math.min(RiskSettings.MAX_WEIGHT, w + r.nextDouble() * 5)).build();
            RiskInput in = randomInput(r, Instant.ofEpochSecond(1_700_000_000L)).build();
            assertTrue(RiskEngine.evaluate(in, heavier).score() >= RiskEngine.evaluate(in, s).score());
        }
    }

    @Test
    void evaluationIsDeterministic() {
        Random r = new Random(3);
        for (int i = 0; i < 1000; i++) {
            RiskSettings s = randomSettings(r);
            RiskInput in = randomInput(r, Instant.ofEpochSecond(1_700_000_000L)).build();
            assertEquals(RiskEngine.evaluate(in, s).toMap(), RiskEngine.evaluate(in, s).toMap());
        }
    }

    @Test
    void theLogisticMapIsMonotoneAndBounded() {
        int previous = -1;
        for (double z = -50; z <= 50; z += 0.01) {
            int s = RiskEngine.score(z);
            assertTrue(s >= previous && s >= 0 && s <= 100);
            previous = s;
        }
        assertEquals(50, RiskEngine.score(0));
    }
}
