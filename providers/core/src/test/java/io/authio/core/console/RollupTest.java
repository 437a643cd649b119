package io.authio.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RollupTest {

    private static final long H = Rollup.HOUR;
    private static final long SETTLE = 10 * 60_000L;
    private static final long NOW = Instant.parse("2026-12-10T15:42:00Z").toEpochMilli();

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void onlyHoursThatEndedTheSettleMarginAgoAreRolledUp() {
        assertEquals(at("2026-12-10T15:00:00Z"), Rollup.settledUntil(NOW, SETTLE), "14:00-15:00 ended 42 minutes ago");
        assertEquals(at("2026-12-10T14:00:00Z"), Rollup.settledUntil(at("2026-12-10T15:09:59Z"), SETTLE),
                "nine minutes after 15:00 a sign-in of 14:59 may still be committing");
        assertEquals(at("2026-12-10T15:00:00Z"), Rollup.settledUntil(at("2026-12-10T15:10:00Z"), SETTLE));
    }

    @Test
    void aRunContinuesFromTheWatermarkInChunksUpToTheSettledEnd() {
        List<Rollup.Chunk> plan = Rollup.plan(at("2026-12-09T00:00:00Z"), 0L, NOW, SETTLE, 24);
        assertEquals(List.of(new Rollup.Chunk(at("2026-12-09T00:00:00Z"), at("2026-12-10T00:00:00Z")),
                new Rollup.Chunk(at("2026-12-10T00:00:00Z"), at("2026-12-10T15:00:00Z"))), plan);
        assertEquals(List.of(), Rollup.plan(at("2026-12-10T15:00:00Z"), 0L, NOW, SETTLE, 24), "already at the settled end");
    }

    @Test
    void withoutAWatermarkTheRunStartsAtTheOldestRowsHourAndWithoutRowsDoesNothing() {
        List<Rollup.Chunk> plan = Rollup.plan(null, at("2026-12-10T12:34:56Z"), NOW, SETTLE, 24);
        assertEquals(List.of(new Rollup.Chunk(at("2026-12-10T12:00:00Z"), at("2026-12-10T15:00:00Z"))), plan);
        assertEquals(List.of(), Rollup.plan(null, null, NOW, SETTLE, 24));
        assertEquals(List.of(), Rollup.plan(null, at("2026-12-10T15:01:00Z"), NOW, SETTLE, 24), "the oldest row is not settled yet");
    }

    @Test
    void theOverviewSwitchesFromTheRollupToTheRowsAtTheWatermarkWithinTheWindow() {
        Overview.Window week = Overview.Window.parse("7", NOW);
        assertEquals(week.since(), Rollup.split(week, null), "no rollup yet: every row is counted");
        assertEquals(at("2026-12-10T15:00:00Z"), Rollup.split(week, at("2026-12-10T15:00:00Z")));
        assertEquals(week.since(), Rollup.split(week, at("2026-11-01T00:00:00Z")), "a watermark before the window");
        assertEquals(at("2026-12-10T15:00:00Z"), Rollup.split(week, at("2026-12-10T17:00:00Z")),
                "a job on a node whose clock runs ahead: never past this node's hour");
    }

    /**
     * Rows arriving at random times, some committed late (within the settle margin), the job running at random
     * moments: the overview (rollup before the watermark, rows after it) always equals the committed rows, each
     * counted once, whenever it is asked.
     */
    @Test
    void everyCommittedRowIsCountedExactlyOnceWhateverTheJobsTimingAndLateCommits() {
        Random random = new Random(7);
        long start = at("2026-12-01T00:00:00Z");
        List<long[]> pending = new ArrayList<>(); // {createdAt, commitAt}
        List<Long> committed = new ArrayList<>();
        Map<Long, Long> rollup = new HashMap<>(); // hour -> count
        Long watermark = null;
        for (long now = start; now < start + 3 * 24 * H; now += 60_000L) {
            for (int i = random.nextInt(4); i > 0; i--) {
                pending.add(new long[] {now, now + (long) (random.nextDouble() * (SETTLE - 60_000L))});
            }
            final long t = now;
            pending.removeIf(p -> {
                if (p[1] <= t) {
                    committed.add(p[0]);
                    return true;
                }
                return false;
            });
            if (random.nextInt(5) == 0) {
                Long oldest = committed.stream().min(Long::compare).orElse(null);
                for (Rollup.Chunk c : Rollup.plan(watermark, oldest, now, SETTLE, 6)) {
                    for (long h = c.from(); h < c.until(); h += H) {
                        rollup.remove(h);
                    }
                    for (long created : committed) {
                        if (created >= c.from() && created < c.until()) {
                            rollup.merge(Rollup.hourOf(created), 1L, Long::sum);
                        }
                    }
                    watermark = c.until();
                }
            }
            if (random.nextInt(30) == 0) {
                Overview.Window w = Overview.Window.parse("2", now);
                long split = Rollup.split(w, watermark);
                long counted = 0;
                for (Map.Entry<Long, Long> r : rollup.entrySet()) {
                    counted += r.getKey() >= w.since() && r.getKey() < split ? r.getValue() : 0;
                }
                long expected = 0;
                for (long created : committed) {
                    counted += created >= split && created < w.until() ? 1 : 0;
                    expected += created >= w.since() && created < w.until() ? 1 : 0;
                }
                assertEquals(expected, counted, "at " + Instant.ofEpochMilli(now) + ", watermark " + watermark);
            }
        }
        assertTrue(watermark != null && watermark >= start + 3 * 24 * H - 2 * H, "the job kept up: " + watermark);
    }
}
