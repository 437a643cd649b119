package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.authio.core.DomainException;


class RiskSettingsTest {

    @Test
    void aDocumentRoundTripsAndAbsentFieldsKeepTheirDefaults() {
        RiskSettings s = RiskSettings.parse("{\"thresholds\":{\"step_up\":30},\"signals\":{\"new_device\":{\"weight\":2.5},"
                + "\"unusual_hour\":{\"enabled\":false}},\"impossible_travel_kmh\":1000}");
        assertEquals(30, s.stepUpThreshold());
        assertEquals(85, s.denyThreshold());
        assertEquals(2.5, s.weight(Signal.NEW_DEVICE));
        assertFalse(s.enabled(Signal.UNUSUAL_HOUR));
        assertEquals(1000, s.impossibleTravelKmh());
        assertEquals(s, RiskSettings.parse(s.toJson()));
        assertEquals(RiskSettings.defaults(), RiskSettings.parse("{}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"signals\":{\"new_device\":{\"weight\":-1}}}|signals.new_device.weight must be a number between 0 and 20",
            "{\"signals\":{\"new_device\":{\"weight\":21}}}|signals.new_device.weight must be a number between 0 and 20",
            "{\"signals\":{\"new_device\":{\"weight\":\"2\"}}}|signals.new_device.weight must be a number between 0 and 20",
            "{\"signals\":{\"new_device\":{\"enabled\":\"yes\"}}}|signals.new_device.enabled must be true or false",
            "{\"signals\":{\"moon_phase\":{\"weight\":1}}}|unknown signal: moon_phase",
            "{\"signals\":{\"new_device\":{\"wieght\":1}}}|unknown field: signals.new_device.wieght",
            "{\"thresholds\":{\"step_up\":90,\"deny\":50}}|thresholds.deny must be at least thresholds.step_up and at most 101 (101 = never deny)",
            "{\"thresholds\":{\"step_up\":0}}|thresholds.step_up must be an integer between 1 and 100",
            "{\"thresholds\":{\"step_up\":40.5}}|thresholds.step_up must be an integer between 1 and 100",
            "{\"bias\":3}|bias must be a number between -20 and 0",
            "{\"colour\":\"red\"}|unknown field: colour",
            "[1,2]|the request body must be a JSON object",
            "{not json|the request body is not valid JSON (line 1, column 2)",
            "{\"failure_window_minutes\":0}|failure_window_minutes must be an integer between 1 and 1440"})
    void badDocumentsAreRejectedNamingTheField(String json, String message) {
        DomainException e = assertThrows(DomainException.class, () -> RiskSettings.parse(json));
        assertEquals(DomainException.Kind.INVALID, e.kind());
        assertEquals(message, e.description());
    }
}
