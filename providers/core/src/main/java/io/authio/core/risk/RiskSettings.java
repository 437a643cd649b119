package io.authio.core.risk;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.authio.core.DomainException;
import io.authio.core.api.JsonBody;

/**
 * A realm's risk settings: which signals count and how much, the bias, the decision thresholds and the
 * parameters of the graded signals. Immutable; {@link #parse} validates every field (bad input is an
 * {@link DomainException} (invalid input) naming the field), {@link #toMap} is the JSON form the API returns.
 */
public final class RiskSettings {

    public static final double MAX_WEIGHT = 20.0;
    public static final double MIN_BIAS = -20.0;
    public static final double MAX_BIAS = 0.0;

    private static final ObjectMapper MAPPER = io.authio.core.json.Json.MAPPER; // stored JSON Authio wrote: the one mapper
    private final EnumMap<Signal, Double> weights;
    private final EnumSet<Signal> enabled;
    private final double bias;
    private final int stepUpThreshold;
    private final int denyThreshold;
    private final int impossibleTravelKmh;
    private final int failureWindowMinutes;
    private final int failedAttemptsUserThreshold;
    private final int failedAttemptsIpThreshold;
    private final int credentialStuffingUsernames;
    private final int staleAfterDays;
    private final int unusualHourMinSignIns;
    private final int unusualHourMaxSharePercent;
    private final boolean newDeviceEmail;

    private RiskSettings(Builder b) {
        this.weights = new EnumMap<>(b.weights);
        this.enabled = EnumSet.copyOf(b.enabled.isEmpty() ? EnumSet.noneOf(Signal.class) : b.enabled);
        this.bias = b.bias;
        this.stepUpThreshold = b.stepUpThreshold;
        this.denyThreshold = b.denyThreshold;
        this.impossibleTravelKmh = b.impossibleTravelKmh;
        this.failureWindowMinutes = b.failureWindowMinutes;
        this.failedAttemptsUserThreshold = b.failedAttemptsUserThreshold;
        this.failedAttemptsIpThreshold = b.failedAttemptsIpThreshold;
        this.credentialStuffingUsernames = b.credentialStuffingUsernames;
        this.staleAfterDays = b.staleAfterDays;
        this.unusualHourMinSignIns = b.unusualHourMinSignIns;
        this.unusualHourMaxSharePercent = b.unusualHourMaxSharePercent;
        this.newDeviceEmail = b.newDeviceEmail;
    }

    public static RiskSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.weights.putAll(weights);
        b.enabled.clear();
        b.enabled.addAll(enabled);
        b.bias = bias;
        b.stepUpThreshold = stepUpThreshold;
        b.denyThreshold = denyThreshold;
        b.impossibleTravelKmh = impossibleTravelKmh;
        b.failureWindowMinutes = failureWindowMinutes;
        b.failedAttemptsUserThreshold = failedAttemptsUserThreshold;
        b.failedAttemptsIpThreshold = failedAttemptsIpThreshold;
        b.credentialStuffingUsernames = credentialStuffingUsernames;
        b.staleAfterDays = staleAfterDays;
        b.unusualHourMinSignIns = unusualHourMinSignIns;
        b.unusualHourMaxSharePercent = unusualHourMaxSharePercent;
        b.newDeviceEmail = newDeviceEmail;
        return b;
    }

    public double weight(Signal s) {
        return weights.get(s);
    }

    public boolean enabled(Signal s) {
        return enabled.contains(s);
    }

    public double bias() {
        return bias;
    }

    public int stepUpThreshold() {
        return stepUpThreshold;
    }

    public int denyThreshold() {
        return denyThreshold;
    }

    public int impossibleTravelKmh() {
        return impossibleTravelKmh;
    }

    public int failureWindowMinutes() {
        return failureWindowMinutes;
    }

    public int failedAttemptsUserThreshold() {
        return failedAttemptsUserThreshold;
    }

    public int failedAttemptsIpThreshold() {
        return failedAttemptsIpThreshold;
    }

    public int credentialStuffingUsernames() {
        return credentialStuffingUsernames;
    }

    public int staleAfterDays() {
        return staleAfterDays;
    }

    public int unusualHourMinSignIns() {
        return unusualHourMinSignIns;
    }

    public int unusualHourMaxSharePercent() {
        return unusualHourMaxSharePercent;
    }

    public boolean newDeviceEmail() {
        return newDeviceEmail;
    }

    /** The decision for a score under these thresholds. */
    public Decision decide(int score) {
        if (score >= denyThreshold) {
            return Decision.DENY;
        }
        if (score >= stepUpThreshold) {
            return Decision.STEP_UP;
        }
        return Decision.ALLOW;
    }

    /** The JSON form (snake_case, every field present). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bias", bias);
        m.put("thresholds", Map.of("step_up", stepUpThreshold, "deny", denyThreshold));
        Map<String, Object> signals = new LinkedHashMap<>();
        for (Signal s : Signal.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("enabled", enabled.contains(s));
            one.put("weight", weights.get(s));
            signals.put(s.id(), one);
        }
        m.put("signals", signals);
        m.put("impossible_travel_kmh", impossibleTravelKmh);
        m.put("failure_window_minutes", failureWindowMinutes);
        m.put("failed_attempts_user_threshold", failedAttemptsUserThreshold);
        m.put("failed_attempts_ip_threshold", failedAttemptsIpThreshold);
        m.put("credential_stuffing_usernames", credentialStuffingUsernames);
        m.put("stale_after_days", staleAfterDays);
        m.put("unusual_hour_min_sign_ins", unusualHourMinSignIns);
        m.put("unusual_hour_max_share_percent", unusualHourMaxSharePercent);
        m.put("new_device_email", newDeviceEmail);
        return m;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings document as sent; absent fields are null (defaults). Descriptions are the type errors' words. */
    record Document(@JsonPropertyDescription("a number between -20 and 0") Double bias, Thresholds thresholds,
            Map<String, SignalSetting> signals,
            @JsonPropertyDescription("an integer between 100 and 20000") Integer impossibleTravelKmh,
            @JsonPropertyDescription("an integer between 1 and 1440") Integer failureWindowMinutes,
            @JsonPropertyDescription("an integer between 1 and 1000") Integer failedAttemptsUserThreshold,
            @JsonPropertyDescription("an integer between 1 and 100000") Integer failedAttemptsIpThreshold,
            @JsonPropertyDescription("an integer between 2 and 100000") Integer credentialStuffingUsernames,
            @JsonPropertyDescription("an integer between 1 and 3650") Integer staleAfterDays,
            @JsonPropertyDescription("an integer between 1 and 10000") Integer unusualHourMinSignIns,
            @JsonPropertyDescription("an integer between 0 and 100") Integer unusualHourMaxSharePercent,
            Boolean newDeviceEmail) {
    }

    record Thresholds(@JsonPropertyDescription("an integer between 1 and 100") Integer stepUp,
            @JsonPropertyDescription("an integer between 1 and 101") Integer deny) {
        Thresholds {
            integer(stepUp, "step_up", 1, 100);
            integer(deny, "deny", 1, 101);
        }
    }

    record SignalSetting(Boolean enabled, @JsonPropertyDescription("a number between 0 and 20") Double weight) {
        SignalSetting {
            number(weight, "weight", 0, MAX_WEIGHT);
        }
    }

    /**
     * Parses and validates a settings document (read by {@link JsonBody}). Absent fields keep their defaults;
     * unknown fields, wrong types, weights outside [0, 20], thresholds out of order are rejected as invalid input naming
     * the field.
     */
    public static RiskSettings parse(String json) {
        Document d = JsonBody.require(json, Document.class);
        Builder b = builder();
        if (d.bias() != null) {
            b.bias(number(d.bias(), "bias", MIN_BIAS, MAX_BIAS));
        }
        if (d.thresholds() != null) {
            if (d.thresholds().stepUp() != null) {
                b.stepUpThreshold(d.thresholds().stepUp());
            }
            if (d.thresholds().deny() != null) {
                b.denyThreshold(d.thresholds().deny());
            }
        }
        if (d.signals() != null) {
            for (Map.Entry<String, SignalSetting> e : d.signals().entrySet()) {
                Signal s = Signal.of(e.getKey()).orElseThrow(() -> DomainException.invalid("unknown signal: " + clip(e.getKey())));
                if (e.getValue() == null) {
                    throw DomainException.invalid("signals." + s.id() + " must be an object with enabled and/or weight");
                }
                if (e.getValue().enabled() != null) {
                    b.enabled(s, e.getValue().enabled());
                }
                if (e.getValue().weight() != null) {
                    b.weight(s, e.getValue().weight());
                }
            }
        }
        set(d.impossibleTravelKmh(), "impossible_travel_kmh", 100, 20000, b::impossibleTravelKmh);
        set(d.failureWindowMinutes(), "failure_window_minutes", 1, 1440, b::failureWindowMinutes);
        set(d.failedAttemptsUserThreshold(), "failed_attempts_user_threshold", 1, 1000, b::failedAttemptsUserThreshold);
        set(d.failedAttemptsIpThreshold(), "failed_attempts_ip_threshold", 1, 100000, b::failedAttemptsIpThreshold);
        set(d.credentialStuffingUsernames(), "credential_stuffing_usernames", 2, 100000, b::credentialStuffingUsernames);
        set(d.staleAfterDays(), "stale_after_days", 1, 3650, b::staleAfterDays);
        set(d.unusualHourMinSignIns(), "unusual_hour_min_sign_ins", 1, 10000, b::unusualHourMinSignIns);
        set(d.unusualHourMaxSharePercent(), "unusual_hour_max_share_percent", 0, 100, b::unusualHourMaxSharePercent);
        if (d.newDeviceEmail() != null) {
            b.newDeviceEmail(d.newDeviceEmail());
        }
        return b.build();
    }

    private static void set(Integer value, String name, int min, int max, java.util.function.IntConsumer setter) {
        if (value != null) {
            setter.accept(integer(value, name, min, max));
        }
    }

    /** Reads stored settings; anything unreadable falls back to the defaults (stored values were validated). */
    public static RiskSettings parseStored(String json) {
        if (json == null || json.isBlank()) {
            return defaults();
        }
        try {
            return parse(json);
        } catch (DomainException e) {
            return defaults();
        }
    }

    private static Double number(Double v, String name, double min, double max) {
        if (v != null && (!Double.isFinite(v) || v < min || v > max)) {
            throw DomainException.invalid(name + " must be a number between " + fmt(min) + " and " + fmt(max));
        }
        return v;
    }

    private static Integer integer(Integer v, String name, int min, int max) {
        if (v != null && (v < min || v > max)) {
            throw DomainException.invalid(name + " must be an integer between " + min + " and " + max);
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RiskSettings other && toMap().equals(other.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    /** Builds settings; {@link #build} checks the cross-field rules. */
    public static final class Builder {
        private final EnumMap<Signal, Double> weights = new EnumMap<>(Signal.class);
        private final EnumSet<Signal> enabled = EnumSet.allOf(Signal.class);
        private double bias = -4.0;
        private int stepUpThreshold = 40;
        private int denyThreshold = 85;
        private int impossibleTravelKmh = 900;
        private int failureWindowMinutes = 15;
        private int failedAttemptsUserThreshold = 5;
        private int failedAttemptsIpThreshold = 20;
        private int credentialStuffingUsernames = 10;
        private int staleAfterDays = 90;
        private int unusualHourMinSignIns = 10;
        private int unusualHourMaxSharePercent = 5;
        private boolean newDeviceEmail = true;

        private Builder() {
            for (Signal s : Signal.values()) {
                weights.put(s, s.defaultWeight());
            }
        }

        public Builder weight(Signal s, double w) {
            if (!Double.isFinite(w) || w < 0 || w > MAX_WEIGHT) {
                throw DomainException.invalid("signals." + s.id() + ".weight must be a number between 0 and 20");
            }
            weights.put(s, w);
            return this;
        }

        public Builder enabled(Signal s, boolean on) {
            if (on) {
                enabled.add(s);
            } else {
                enabled.remove(s);
            }
            return this;
        }

        public Builder bias(double v) {
            if (!Double.isFinite(v) || v < MIN_BIAS || v > MAX_BIAS) {
                throw DomainException.invalid("bias must be a number between -20 and 0");
            }
            bias = v;
            return this;
        }

        public Builder stepUpThreshold(int v) {
            stepUpThreshold = v;
            return this;
        }

        public Builder denyThreshold(int v) {
            denyThreshold = v;
            return this;
        }

        public Builder impossibleTravelKmh(int v) {
            impossibleTravelKmh = v;
            return this;
        }

        public Builder failureWindowMinutes(int v) {
            failureWindowMinutes = v;
            return this;
        }

        public Builder failedAttemptsUserThreshold(int v) {
            failedAttemptsUserThreshold = v;
            return this;
        }

        public Builder failedAttemptsIpThreshold(int v) {
            failedAttemptsIpThreshold = v;
            return this;
        }

        public Builder credentialStuffingUsernames(int v) {
            credentialStuffingUsernames = v;
            return this;
        }

        public Builder staleAfterDays(int v) {
            staleAfterDays = v;
            return this;
        }

        public Builder unusualHourMinSignIns(int v) {
            unusualHourMinSignIns = v;
            return this;
        }

        public Builder unusualHourMaxSharePercent(int v) {
            unusualHourMaxSharePercent = v;
            return this;
        }

        public Builder newDeviceEmail(boolean v) {
            newDeviceEmail = v;
            return this;
        }

        public RiskSettings build() {
            if (stepUpThreshold < 1 || stepUpThreshold > 100) {
                throw DomainException.invalid("thresholds.step_up must be an integer between 1 and 100");
            }
            if (denyThreshold < stepUpThreshold || denyThreshold > 101) {
                throw DomainException.invalid("thresholds.deny must be at least thresholds.step_up and at most 101 (101 = never deny)");
            }
            return new RiskSettings(this);
        }
    }
}
