package io.authio.core.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When to try a delivery again. The default is the Standard Webhooks schedule: immediately, then after
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h; after the last attempt the message is
 * dead-lettered. Each delay gets ±10% jitter so a receiver coming back is not hit by a synchronized
 * wave, and a receiver's Retry-After is honoured when it asks for longer (capped at one day).
 */
public final class RetrySchedule {

    public static final String STANDARD = "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h";
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final Pattern DELAY = Pattern.compile("^(\\d{1,6})(ms|s|m|h|d)$");

    private final List<Duration> delays;

    private RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** Parses a comma-separated list of delays, one per attempt, e.g. {@code 0s,5s,5m}. */
    public static RetrySchedule parse(String spec) {
        List<Duration> delays = new ArrayList<>();
        for (String part : spec.split(",")) {
            Matcher m = DELAY.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid delay '" + part.trim() + "' (use e.g. 0s, 5s, 5m, 2h, 1d)");
            }
            long n = Long.parseLong(m.group(1));
            delays.add(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one attempt");
        }
        return new RetrySchedule(delays);
    }

    public static RetrySchedule standard() {
        return parse(STANDARD);
    }

    /** Total attempts before a message is dead-lettered. */
    public int attempts() {
        return delays.size();
    }

    /**
     * The delay before attempt {@code failedAttempts + 1}, or null when {@code failedAttempts} attempts
     * have been made and the message is dead.
     *
     * @param retryAfter what the receiver asked for (null when it did not)
     */
    public Duration delayAfter(int failedAttempts, Duration retryAfter, Random random) {
        if (failedAttempts >= delays.size()) {
            return null;
        }
        Duration base = delays.get(failedAttempts);
        long millis = base.toMillis();
        if (millis > 0) {
            double jitter = 0.9 + 0.2 * random.nextDouble();
            millis = (long) (millis * jitter);
        }
        if (retryAfter != null && !retryAfter.isNegative()) {
            millis = Math.max(millis, Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis()));
        }
        return Duration.ofMillis(millis);
    }
}
