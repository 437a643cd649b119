package io.authio.core.risk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.authio.core.api.ApiException;

/**
 * Risk settings as a flat form of string fields (the shape of an admin-console component's config). A form is
 * turned back into the API's JSON document and checked by {@link RiskSettings#parse}, so the console and the
 * API accept exactly the same values and answer with the same messages. Field names avoid dots: the console
 * treats dots in field names as nesting.
 */
public final class RiskSettingsForm {

    public static final String BIAS = "bias";
    public static final String STEP_UP = "step_up_threshold";
    public static final String DENY = "deny_threshold";
    public static final String ENABLED_SIGNALS = "enabled_signals";
    public static final String WEIGHT_PREFIX = "weight_";
    public static final String NEW_DEVICE_EMAIL = "new_device_email";
    /** Integer settings whose form name is their JSON name. */
    public static final List<String> INTEGERS = List.of("impossible_travel_kmh", "failure_window_minutes",
            "failed_attempts_user_threshold", "failed_attempts_ip_threshold", "credential_stuffing_usernames",
            "stale_after_days", "unusual_hour_min_sign_ins", "unusual_hour_max_share_percent");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("^[-+]?\\d{1,12}$");
    private static final Pattern DECIMAL = Pattern.compile("^[-+]?(\\d{1,12}(\\.\\d{0,12})?|\\.\\d{1,12})$");

    private RiskSettingsForm() {
    }

    /** The form of some settings: every field present, numbers without needless decimals. */
    public static Map<String, List<String>> toForm(RiskSettings s) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put(BIAS, List.of(number(s.bias())));
        form.put(STEP_UP, List.of(Integer.toString(s.stepUpThreshold())));
        form.put(DENY, List.of(Integer.toString(s.denyThreshold())));
        List<String> enabled = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            if (s.enabled(signal)) {
                enabled.add(signal.id());
            }
        }
        form.put(ENABLED_SIGNALS, enabled);
        for (Signal signal : Signal.values()) {
            form.put(WEIGHT_PREFIX + signal.id(), List.of(number(s.weight(signal))));
        }
        Map<String, Object> json = s.toMap();
        for (String name : INTEGERS) {
            form.put(name, List.of(String.valueOf(json.get(name))));
        }
        form.put(NEW_DEVICE_EMAIL, List.of(Boolean.toString(s.newDeviceEmail())));
        return form;
    }

    /**
     * Reads a form: every field is required; other keys (the console adds its route parameters) are ignored.
     * Bad values are an {@link ApiException} 400 with {@link RiskSettings#parse}'s message.
     */
    public static RiskSettings fromForm(Map<String, List<String>> form) {
        ObjectNode doc = MAPPER.createObjectNode();
        put(doc, BIAS, required(form, BIAS, "bias"));
        ObjectNode thresholds = doc.putObject("thresholds");
        put(thresholds, "step_up", required(form, STEP_UP, "thresholds.step_up"));
        put(thresholds, "deny", required(form, DENY, "thresholds.deny"));
        List<String> enabled = form.getOrDefault(ENABLED_SIGNALS, List.of());
        for (String id : enabled) {
            if (Signal.of(id).isEmpty()) {
                throw ApiException.badRequest("unknown signal: " + (id.length() > 60 ? id.substring(0, 60) + "..." : id));
            }
        }
        ObjectNode signals = doc.putObject("signals");
        for (Signal signal : Signal.values()) {
            ObjectNode one = signals.putObject(signal.id());
            one.put("enabled", enabled.contains(signal.id()));
            put(one, "weight", required(form, WEIGHT_PREFIX + signal.id(), "signals." + signal.id() + ".weight"));
        }
        for (String name : INTEGERS) {
            put(doc, name, required(form, name, name));
        }
        String email = required(form, NEW_DEVICE_EMAIL, NEW_DEVICE_EMAIL);
        if (email.equals("true") || email.equals("false")) {
            doc.put(NEW_DEVICE_EMAIL, Boolean.parseBoolean(email));
        } else {
            doc.put(NEW_DEVICE_EMAIL, email); // refused by parse with its own message
        }
        return RiskSettings.parse(doc.toString());
    }

    private static String required(Map<String, List<String>> form, String key, String jsonName) {
        List<String> values = form.get(key);
        String v = values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).trim();
        if (v.isEmpty()) {
            throw ApiException.badRequest(jsonName + " is required");
        }
        return v;
    }

    /** A number when the text is one, else the text itself, so {@link RiskSettings#parse} names the field. */
    private static void put(ObjectNode node, String name, String text) {
        if (INTEGER.matcher(text).matches()) {
            node.put(name, Long.parseLong(text));
        } else if (DECIMAL.matcher(text).matches()) {
            node.put(name, Double.parseDouble(text));
        } else {
            node.put(name, text);
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d) : Double.toString(d);
    }
}
