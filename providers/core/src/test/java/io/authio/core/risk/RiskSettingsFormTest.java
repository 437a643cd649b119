package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.authio.core.api.ApiException;

class RiskSettingsFormTest {

    @Test
    void settingsRoundTripThroughTheForm() {
        RiskSettings s = RiskSettings.parse("{\"bias\":-3.5,\"thresholds\":{\"step_up\":30,\"deny\":90},"
                + "\"signals\":{\"new_device\":{\"weight\":2.25},\"unusual_hour\":{\"enabled\":false}},\"new_device_email\":false}");
        Map<String, List<String>> form = RiskSettingsForm.toForm(s);
        assertEquals(List.of("-3.5"), form.get("bias"));
        assertEquals(List.of("30"), form.get("step_up_threshold"));
        assertEquals(List.of("2.25"), form.get("weight_new_device"));
        assertEquals(List.of("1"), form.get("weight_stale_account"));
        assertFalse(form.get("enabled_signals").contains("unusual_hour"));
        assertEquals(s, RiskSettingsForm.fromForm(form));
        assertEquals(RiskSettings.defaults(), RiskSettingsForm.fromForm(RiskSettingsForm.toForm(RiskSettings.defaults())));
    }

    @Test
    void keysTheConsoleAddsAreIgnored() {
        Map<String, List<String>> form = new LinkedHashMap<>(RiskSettingsForm.toForm(RiskSettings.defaults()));
        form.put("realm", List.of("demo"));
        form.put("tab", List.of("authio-risk-settings"));
        assertEquals(RiskSettings.defaults(), RiskSettingsForm.fromForm(form));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "deny_threshold|abc|thresholds.deny must be an integer between 1 and 101",
            "deny_threshold|20|thresholds.deny must be at least thresholds.step_up and at most 101 (101 = never deny)",
            "step_up_threshold|40.5|thresholds.step_up must be an integer between 1 and 100",
            "bias|5|bias must be a number between -20 and 0",
            "weight_new_device|-1|signals.new_device.weight must be a number between 0 and 20",
            "impossible_travel_kmh|'  '|impossible_travel_kmh is required",
            "new_device_email|maybe|new_device_email must be true or false",
            "enabled_signals|moon_phase|unknown signal: moon_phase",
    })
    void aBadFieldIsRefusedWithTheApisMessage(String field, String value, String message) {
        Map<String, List<String>> form = new LinkedHashMap<>(RiskSettingsForm.toForm(RiskSettings.defaults()));
        form.put(field, List.of(value));
        ApiException e = assertThrows(ApiException.class, () -> RiskSettingsForm.fromForm(form));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }
}
