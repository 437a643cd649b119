package io.authio.core.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The hourly rollup of risk decisions (counts per realm, hour, kind and decision) that keeps the overview's cost
 * independent of the rows in its window, and the rules that keep it exact.
 * <p>
 * An hour is rolled up once, when it is <em>settled</em>: it ended at least {@code settle} ago, longer than any
 * sign-in transaction stays open plus the clock difference between nodes, so no row of it can still be committed.
 * A persisted watermark ({@code rolledUntil}) says where the rollup ends: the overview sums the rollup for hours
 * before it and counts the rows from it on, so each row is counted once, whichever side of the watermark it is on
 * and whenever the job runs. Without a watermark (a new installation, an upgrade, or a rebuild an operator asked
 * for by deleting it) the job starts at the oldest row's hour, replacing whatever rollup rows the range held.
 */
public final class Rollup {

    public static final long HOUR = Overview.HOUR;
    /** The decisions' kinds that are rolled up (each a range of the (KIND, CREATED_AT) index). */
    public static final List<String> KINDS = List.of("login", "failed_attempt");

    private Rollup() {
    }

    /** One transaction's range of whole hours, {@code [from, until)}. */
    public record Chunk(long from, long until) {
    }

    /** The start of the hour {@code millis} falls into. */
    public static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR) * HOUR;
    }

    /** Where the settled hours end at {@code now}: every hour before it ended at least {@code settleMillis} ago. */
    public static long settledUntil(long now, long settleMillis) {
        return hourOf(now - settleMillis);
    }

    /**
     * The chunks a run aggregates, oldest first: from the watermark (or, without one, the oldest row's hour) up to
     * the settled end, at most {@code chunkHours} hours each. Nothing when there is no row at all, or the rollup
     * is already at the settled end.
     */
    public static List<Chunk> plan(Long rolledUntil, Long oldestRow, long now, long settleMillis, int chunkHours) {
        long end = settledUntil(now, settleMillis);
        Long start = rolledUntil != null ? Long.valueOf(hourOf(rolledUntil)) : oldestRow == null ? null : Long.valueOf(hourOf(oldestRow));
        List<Chunk> out = new ArrayList<>();
        if (start == null) {
            return out;
        }
        long step = Math.max(1, chunkHours) * HOUR;
        for (long from = start; from < end; from += step) {
            out.add(new Chunk(from, Math.min(end, from + step)));
        }
        return out;
    }

    /**
     * Where the overview's window switches from the rollup to the rows: the watermark, kept within the window's
     * whole hours (a node whose clock runs behind the job's must not take a rolled-up hour past its {@code until}).
     * Without a watermark everything is counted from the rows.
     */
    public static long split(Overview.Window w, Long rolledUntil) {
        if (rolledUntil == null) {
            return w.since();
        }
        return Math.max(w.since(), Math.min(hourOf(rolledUntil), hourOf(w.until())));
    }
}
