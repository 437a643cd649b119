package io.authio.core.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explained result of one evaluation: every fired signal with its weight, strength, contribution and
 * a human-readable detail; the log-odds sum; the 0-100 score; the decision; notes on signals that could
 * not be evaluated (e.g. no geo database).
 *
 * @param raisedOnlyFromElsewhere the sign-in would have been allowed without the account's failed sign-ins
 *                                from unknown devices and networks: a stranger raised it
 */
public record RiskAssessment(double bias, List<Fired> fired, double logOdds, int score, Decision decision,
        List<String> notes, boolean raisedOnlyFromElsewhere) {

    static final String DENIED_WITHOUT_SECOND_FACTOR =
            "step-up required but the account has no OTP or passkey credential: denied";
    static final String ALLOWED_WITHOUT_SECOND_FACTOR = "step-up required only because of failed sign-ins from "
            + "elsewhere and the account has no second factor: allowed (a stranger cannot lock the owner out)";

    /** One fired signal: contribution = weight x strength (log-odds). */
    public record Fired(Signal signal, double weight, double strength, double contribution, String detail) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("signal", signal.id());
            m.put("weight", weight);
            m.put("strength", round(strength));
            m.put("contribution", round(contribution));
            m.put("detail", detail);
            return m;
        }
    }

    public RiskAssessment {
        fired = List.copyOf(fired);
        notes = List.copyOf(notes);
    }

    /**
     * The decision the sign-in flow enforces. A step-up for an account without a second factor cannot be
     * passed by its owner: it becomes a deny (with {@code denyWithoutSecondFactor}, so that whoever holds only
     * the password cannot enrol a factor of their own), except when only failures from elsewhere raised the
     * risk, which a stranger must not be able to turn into a lock-out; then the sign-in is allowed, as stock
     * Keycloak would allow it.
     */
    public RiskAssessment enforce(boolean hasSecondFactor, boolean denyWithoutSecondFactor) {
        if (decision != Decision.STEP_UP || hasSecondFactor || !denyWithoutSecondFactor) {
            return this;
        }
        return raisedOnlyFromElsewhere ? withDecision(Decision.ALLOW, ALLOWED_WITHOUT_SECOND_FACTOR)
                : withDecision(Decision.DENY, DENIED_WITHOUT_SECOND_FACTOR);
    }

    private RiskAssessment withDecision(Decision d, String note) {
        List<String> n = new ArrayList<>(notes.size() + 1);
        n.add(note);
        n.addAll(notes);
        return new RiskAssessment(bias, fired, logOdds, score, d, n, raisedOnlyFromElsewhere);
    }

    public List<String> signalIds() {
        List<String> ids = new ArrayList<>(fired.size());
        for (Fired f : fired) {
            ids.add(f.signal().id());
        }
        return ids;
    }

    public boolean fired(Signal s) {
        for (Fired f : fired) {
            if (f.signal() == s) {
                return true;
            }
        }
        return false;
    }

    /** JSON form of the explanation (stored in the decision row, returned by the API). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bias", bias);
        m.put("log_odds", round(logOdds));
        m.put("score", score);
        m.put("decision", decision.id());
        m.put("signals", fired.stream().map(Fired::toMap).toList());
        m.put("notes", notes);
        return m;
    }

    static double round(double d) {
        return Math.round(d * 1000.0) / 1000.0;
    }
}
