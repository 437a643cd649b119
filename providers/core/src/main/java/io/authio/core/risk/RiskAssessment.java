package io.authio.core.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explained result of one evaluation: every fired signal with its weight, strength, contribution and
 * a human-readable detail; the log-odds sum; the 0-100 score; the decision; notes on signals that could
 * not be evaluated (e.g. no geo database).
 */
public record RiskAssessment(double bias, List<Fired> fired, double logOdds, int score, Decision decision,
        List<String> notes) {

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
