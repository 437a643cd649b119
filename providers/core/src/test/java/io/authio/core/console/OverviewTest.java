package io.authio.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.authio.core.DomainException;

class OverviewTest {

    private static final long NOW = Instant.parse("2026-12-10T15:42:00Z").toEpochMilli();

    @Test
    void aWeekIsCutIntoUtcDaysAndTwoDaysIntoHours() {
        Overview.Window week = Overview.Window.parse(null, NOW);
        assertEquals(7, week.days());
        assertEquals("day", week.bucket());
        assertEquals(Instant.parse("2026-12-03T00:00:00Z").toEpochMilli(), week.since());
        Overview.Window two = Overview.Window.parse("2", NOW);
        assertEquals("hour", two.bucket());
        assertEquals(Instant.parse("2026-12-08T15:00:00Z").toEpochMilli(), two.since());
    }

    @Test
    void daysOutsideOneToNinetyAreRefused() {
        assertThrows(DomainException.class, () -> Overview.Window.parse("0", NOW));
        assertThrows(DomainException.class, () -> Overview.Window.parse("91", NOW));
        assertThrows(DomainException.class, () -> Overview.Window.parse("7days", NOW));
    }

    @Test
    void everyBucketIsPresentWithZerosAndCountsLandInTheirBucket() {
        Overview.Window w = Overview.Window.parse("3", NOW);
        long today = w.bucketOf(NOW);
        List<Map<String, Object>> series = Overview.series(w, List.of(
                new Overview.Count(today, "deny", 2), new Overview.Count(today, "allow", 5),
                new Overview.Count(today - 1, "step_up", 1), new Overview.Count(today + 5, "allow", 99),
                new Overview.Count(today, "unknown", 7)));
        assertEquals(4, series.size(), "3 days back to midnight plus today");
        assertEquals("2026-12-07T00:00:00Z", series.get(0).get("start"));
        assertEquals(Map.of("start", "2026-12-10T00:00:00Z", "allow", 5L, "step_up", 0L, "deny", 2L), series.get(3));
        assertEquals(1L, series.get(2).get("step_up"));
        assertEquals(Map.of("allow", 5L, "step_up", 1L, "deny", 2L), Overview.totals(series));
    }

    @Test
    void topSignalsAreTheMostFrequentFirstWithoutTheSilentOnes() {
        List<Map<String, Object>> top = Overview.topSignals(Map.of("new_device", 10L, "new_ip", 10L, "denylisted_ip", 30L,
                "unusual_hour", 0L, "stale_account", 1L), 3);
        assertEquals(List.of("denylisted_ip", "new_device", "new_ip"), top.stream().map(m -> m.get("signal")).toList());
        assertEquals(30L, top.get(0).get("count"));
    }

    @Test
    void theFiredSignalsAreReadFromTheStoredExplanation() {
        assertEquals(List.of("new_device", "denylisted_ip"), Overview.firedSignals(
                "{\"signals\":[{\"signal\":\"new_device\",\"weight\":1.5},{\"signal\":\"denylisted_ip\"}],\"log_odds\":1.0,\"notes\":[]}"));
        assertEquals(List.of(), Overview.firedSignals("{\"signals\":[],\"log_odds\":-4}"));
        assertEquals(List.of(), Overview.firedSignals("not json"));
    }
}
