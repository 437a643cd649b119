package io.authio.core.risk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a sign-in. The model is a weighted sum in log-odds:
 *
 * <pre>
 *   z     = bias + sum over fired signals of (weight x strength),  strength in [0, 1]
 *   score = round(100 / (1 + e^-z))                                 in [0, 100]
 *   decision = deny if score >= thresholds.deny, step_up if score >= thresholds.step_up, else allow
 * </pre>
 *
 * With the default bias of -4 a sign-in with no fired signal scores 2; each weight is how many
 * log-odds its signal adds (a weight of 4 alone takes the score to 50). Weights are non-negative, so
 * the score never decreases when a signal fires or grows stronger (tested as a property).
 * Pure and deterministic: the same input and settings give the same assessment.
 */
public final class RiskEngine {

    /** Locations closer than this are within the accuracy of IP geolocation: never "travel". */
    static final double TRAVEL_NOISE_KM = 100;

    private RiskEngine() {
    }

    public static RiskAssessment evaluate(RiskInput in, RiskSettings s) {
        List<RiskAssessment.Fired> fired = new ArrayList<>(6);
        List<String> notes = new ArrayList<>(2);

        if (in.denylistMatch() != null) {
            fire(fired, s, Signal.DENYLISTED_IP, 1, "the IP address is in the denylisted network " + in.denylistMatch());
        }
        String ua = UserAgents.suspicion(in.userAgent());
        if (ua != null) {
            fire(fired, s, Signal.SUSPICIOUS_USER_AGENT, 1, ua);
        }
        int window = s.failureWindowMinutes();
        // What failures from elsewhere add on top of the rest: the part a stranger who knows only the username controls.
        double fromElsewhere = 0;
        if (in.failedForUser() > 0) {
            int threshold = s.failedAttemptsUserThreshold();
            double strength = ratio(in.failedForUser(), threshold);
            fire(fired, s, Signal.FAILED_ATTEMPTS_USER, strength, in.failedForUser() + " failed sign-in(s) for this account in the last "
                    + window + " minutes" + (in.failedForUserFromElsewhere() == 0 ? "" : "; " + in.failedForUserFromElsewhere()
                    + " of them from elsewhere (neither the account's known devices and networks nor this address)"));
            if (s.enabled(Signal.FAILED_ATTEMPTS_USER)) {
                fromElsewhere = s.weight(Signal.FAILED_ATTEMPTS_USER)
                        * (strength - ratio(in.failedForUser() - in.failedForUserFromElsewhere(), threshold));
            }
        }
        if (in.failedFromIp() > 0) {
            fire(fired, s, Signal.FAILED_ATTEMPTS_IP, ratio(in.failedFromIp(), s.failedAttemptsIpThreshold()),
                    in.failedFromIp() + " failed sign-in(s) from this IP address in the last " + window + " minutes");
        }
        if (in.distinctUsernamesFromIp() >= s.credentialStuffingUsernames()) {
            fire(fired, s, Signal.CREDENTIAL_STUFFING, 1, in.distinctUsernamesFromIp()
                    + " different usernames tried from this IP address in the last " + window + " minutes");
        }

        if (!in.geoAvailable()) {
            notes.add("geo: no location database; new_country and impossible_travel were not evaluated");
        }
        if (!in.asnAvailable()) {
            notes.add("asn: no ASN database; new_asn was not evaluated");
        }
        if (!in.hasHistory()) {
            notes.add("no earlier successful sign-in: novelty, travel and hour signals were not evaluated");
        } else {
            if (!in.deviceKnown()) {
                fire(fired, s, Signal.NEW_DEVICE, 1, "sign-in from a device not seen before for this account");
            }
            if (!in.ipKnown()) {
                fire(fired, s, Signal.NEW_IP, 1, "sign-in from an IP address not seen recently for this account");
            }
            if (!in.networkKnown()) {
                fire(fired, s, Signal.NEW_NETWORK, 1, "sign-in from a network not seen recently for this account");
            }
            if (Boolean.FALSE.equals(in.countryKnown())) {
                fire(fired, s, Signal.NEW_COUNTRY, 1, "sign-in from a country not seen recently for this account ("
                        + (in.country() == null ? "unknown" : in.country()) + ")");
            }
            if (Boolean.FALSE.equals(in.asnKnown())) {
                fire(fired, s, Signal.NEW_ASN, 1, "sign-in from an autonomous system not seen recently for this account (AS"
                        + in.asn() + ")");
            }
            travel(in, s, fired);
            hour(in, s, fired);
        }
        if (in.lastSignInAt() != null) {
            long days = Duration.between(in.lastSignInAt(), in.now()).toDays();
            if (days > s.staleAfterDays()) {
                fire(fired, s, Signal.STALE_ACCOUNT, 1, "no successful sign-in for " + days + " days");
            }
        }

        double z = s.bias();
        for (RiskAssessment.Fired f : fired) {
            z += f.contribution();
        }
        // A stranger who knows only the username may cause at most a step-up, never a deny: failures from
        // elsewhere are capped just below the deny threshold unless the sign-in's own signals already deny.
        double base = z - fromElsewhere;
        Decision baseDecision = s.decide(score(base));
        if (fromElsewhere > 0 && baseDecision != Decision.DENY && s.decide(score(z)) == Decision.DENY) {
            double allowed = Math.max(0, belowDeny(s) - base);
            capFailuresFromElsewhere(fired, fromElsewhere - allowed);
            z = base + allowed;
        }
        int score = score(z);
        Decision decision = s.decide(score);
        boolean raisedOnlyFromElsewhere = fromElsewhere > 0 && baseDecision == Decision.ALLOW && decision != Decision.ALLOW;
        return new RiskAssessment(s.bias(), fired, z, score, decision, notes, raisedOnlyFromElsewhere);
    }

    /** The largest log-odds whose score stays under the deny threshold (unbounded when nothing is denied). */
    static double belowDeny(RiskSettings s) {
        if (s.denyThreshold() > 100) {
            return Double.POSITIVE_INFINITY;
        }
        double p = (s.denyThreshold() - 0.5) / 100.0; // round(100 p) <= deny - 1  <=>  100 p < deny - 0.5
        return Math.log(p / (1 - p)) - 1e-9;
    }

    private static void capFailuresFromElsewhere(List<RiskAssessment.Fired> fired, double cut) {
        for (int i = 0; i < fired.size(); i++) {
            RiskAssessment.Fired f = fired.get(i);
            if (f.signal() == Signal.FAILED_ATTEMPTS_USER) {
                fired.set(i, new RiskAssessment.Fired(f.signal(), f.weight(), f.strength(), f.contribution() - cut,
                        f.detail() + "; capped: failures from elsewhere can require a step-up, never a deny"));
            }
        }
    }

    /** The logistic map from log-odds to 0..100. */
    public static int score(double logOdds) {
        double p = 1.0 / (1.0 + Math.exp(-logOdds));
        long r = Math.round(p * 100.0);
        return (int) Math.max(0, Math.min(100, r));
    }

    private static void travel(RiskInput in, RiskSettings s, List<RiskAssessment.Fired> fired) {
        if (in.location() == null || in.lastLocation() == null || in.lastSignInAt() == null) {
            return;
        }
        double km = in.location().distanceKm(in.lastLocation());
        if (km <= TRAVEL_NOISE_KM) {
            return;
        }
        long seconds = Math.max(60, Duration.between(in.lastSignInAt(), in.now()).getSeconds());
        double kmh = (km - TRAVEL_NOISE_KM) / (seconds / 3600.0);
        if (kmh > s.impossibleTravelKmh()) {
            fire(fired, s, Signal.IMPOSSIBLE_TRAVEL, 1, String.format(java.util.Locale.ROOT,
                    "%.0f km from the last sign-in %d minutes earlier (%.0f km/h, limit %d km/h)",
                    km, seconds / 60, kmh, s.impossibleTravelKmh()));
        }
    }

    private static void hour(RiskInput in, RiskSettings s, List<RiskAssessment.Fired> fired) {
        int[] h = in.hourHistogram();
        if (h == null || h.length != 24) {
            return;
        }
        long total = 0;
        for (int c : h) {
            total += Math.max(0, c);
        }
        if (total < s.unusualHourMinSignIns()) {
            return;
        }
        int hour = in.now().atZone(java.time.ZoneOffset.UTC).getHour();
        long near = Math.max(0, h[(hour + 23) % 24]) + Math.max(0, h[hour]) + Math.max(0, h[(hour + 1) % 24]);
        if (near * 100 < (long) s.unusualHourMaxSharePercent() * total) {
            fire(fired, s, Signal.UNUSUAL_HOUR, 1, "sign-in at " + hour + ":00 UTC; " + near + " of " + total
                    + " earlier sign-ins were within an hour of that time");
        }
    }

    private static double ratio(int count, int threshold) {
        return Math.min(1.0, count / (double) threshold);
    }

    private static void fire(List<RiskAssessment.Fired> fired, RiskSettings s, Signal signal, double strength, String detail) {
        if (!s.enabled(signal)) {
            return;
        }
        double w = s.weight(signal);
        fired.add(new RiskAssessment.Fired(signal, w, strength, w * strength, detail));
    }
}
