package io.authio.core.magiclink;

import java.time.Duration;

/**
 * The validated settings of the magic-link authenticator and the time rules that follow from them.
 *
 * @param ttl               how long a link and its code stay usable (10 minutes by default, at most 60)
 * @param resendCooldown    how long after one email the user must wait before asking for another
 * @param maxCodeAttempts   wrong codes tolerated per issued link before it is revoked
 * @param createUsers       whether a link to an unknown address creates the account on first use
 * @param perEmailLimit     emails per address per {@code limitPeriod}
 * @param perIpLimit        requests per client address per {@code limitPeriod}
 * @param limitPeriod       the window of both rate limits
 */
public record MagicLinkPolicy(Duration ttl, Duration resendCooldown, int maxCodeAttempts, boolean createUsers,
        int perEmailLimit, int perIpLimit, Duration limitPeriod) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration MIN_TTL = Duration.ofSeconds(10);
    public static final Duration MAX_TTL = Duration.ofMinutes(60);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CODE_ATTEMPTS = 5;
    public static final int DEFAULT_PER_EMAIL_LIMIT = 5;
    public static final int DEFAULT_PER_IP_LIMIT = 30;
    public static final Duration DEFAULT_LIMIT_PERIOD = Duration.ofMinutes(15);

    public MagicLinkPolicy {
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("link lifetime must be between " + MIN_TTL.toSeconds() + " and "
                    + MAX_TTL.toSeconds() + " seconds, was " + ttl.toSeconds());
        }
        if (resendCooldown.isNegative() || resendCooldown.compareTo(ttl) > 0) {
            throw new IllegalArgumentException("resend cooldown must be between 0 and the link lifetime");
        }
        if (maxCodeAttempts < 1 || maxCodeAttempts > 10) {
            throw new IllegalArgumentException("code attempts must be between 1 and 10");
        }
        if (perEmailLimit < 1 || perIpLimit < 1) {
            throw new IllegalArgumentException("rate limits must be at least 1");
        }
        if (limitPeriod.isNegative() || limitPeriod.isZero()) {
            throw new IllegalArgumentException("rate limit period must be positive");
        }
    }

    public static MagicLinkPolicy defaults() {
        return new MagicLinkPolicy(DEFAULT_TTL, DEFAULT_COOLDOWN, DEFAULT_MAX_CODE_ATTEMPTS, false,
                DEFAULT_PER_EMAIL_LIMIT, DEFAULT_PER_IP_LIMIT, DEFAULT_LIMIT_PERIOD);
    }

    /** When a link issued at {@code issuedAtMillis} stops working. */
    public long expiresAt(long issuedAtMillis) {
        return issuedAtMillis + ttl.toMillis();
    }

    /** Seconds the user still has to wait before a resend is allowed (0 when allowed now). */
    public long resendWaitSeconds(long lastSentMillis, long nowMillis) {
        long wait = lastSentMillis + resendCooldown.toMillis() - nowMillis;
        return wait <= 0 ? 0 : (wait + 999) / 1000;
    }
}
