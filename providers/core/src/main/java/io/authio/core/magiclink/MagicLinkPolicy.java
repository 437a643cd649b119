package io.authio.core.magiclink;

import java.time.Duration;

import io.authio.core.ratelimit.RateLimit;

/**
 * The validated settings of the magic-link authenticator and the time rules that follow from them.
 *
 * @param ttl               how long a link and its code stay usable (10 minutes by default, at most 60)
 * @param resendCooldown    how long after one email the user must wait before asking for another
 * @param maxCodeAttempts   wrong codes tolerated per issued link before it is revoked
 * @param createUsers       whether a link to an unknown address creates the account on first use
 * @param perEmailLimit     emails per address per {@code limitPeriod}, counted apart for requests from the
 *                          account's own devices and networks and for all others, so strangers cannot use up
 *                          the owner's
 * @param perIpLimit        requests per client address per {@code limitPeriod}
 * @param limitPeriod       the window of both rate limits
 * @param accountCodeFailures wrong codes per account across all its links before a cool-down (at most
 *                          {@value #MAX_ACCOUNT_CODE_FAILURES}, NIST SP 800-63B 5.2.2); the budget refills over
 *                          {@link #CODE_FAILURE_PERIOD} and a successful sign-in by email link resets it
 */
public record MagicLinkPolicy(Duration ttl, Duration resendCooldown, int maxCodeAttempts, boolean createUsers,
        int perEmailLimit, int perIpLimit, Duration limitPeriod, int accountCodeFailures) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration MIN_TTL = Duration.ofSeconds(10);
    public static final Duration MAX_TTL = Duration.ofMinutes(60);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CODE_ATTEMPTS = 5;
    public static final int DEFAULT_PER_EMAIL_LIMIT = 5;
    public static final int DEFAULT_PER_IP_LIMIT = 30;
    public static final Duration DEFAULT_LIMIT_PERIOD = Duration.ofMinutes(15);
    public static final int MAX_ACCOUNT_CODE_FAILURES = 100;
    /** Over this period the failed-code budgets refill (a link's budget outlives the link: at most one hour). */
    public static final Duration CODE_FAILURE_PERIOD = Duration.ofHours(24);

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
        if (accountCodeFailures < 1 || accountCodeFailures > MAX_ACCOUNT_CODE_FAILURES) {
            throw new IllegalArgumentException("wrong codes per account must be between 1 and " + MAX_ACCOUNT_CODE_FAILURES);
        }
    }

    public static MagicLinkPolicy defaults() {
        return new MagicLinkPolicy(DEFAULT_TTL, DEFAULT_COOLDOWN, DEFAULT_MAX_CODE_ATTEMPTS, false,
                DEFAULT_PER_EMAIL_LIMIT, DEFAULT_PER_IP_LIMIT, DEFAULT_LIMIT_PERIOD, MAX_ACCOUNT_CODE_FAILURES);
    }

    /** Link requests from one client address. */
    public RateLimit perIp() {
        return new RateLimit("magic-link.ip", perIpLimit, limitPeriod);
    }

    /**
     * Links sent to one address: requests from the account's known devices and networks draw on a budget of
     * their own, which a stranger elsewhere cannot reach.
     */
    public RateLimit perEmail(boolean fromKnownSource) {
        return new RateLimit(fromKnownSource ? "magic-link.email.known" : "magic-link.email", perEmailLimit, limitPeriod);
    }

    /** Code attempts per account (or per address without one), across links; charged before a code is compared. */
    public RateLimit codesPerAccount() {
        return new RateLimit("magic-link.code.account", accountCodeFailures, CODE_FAILURE_PERIOD);
    }

    /** Code attempts per link; the link is revoked when they are used up. */
    public RateLimit codesPerLink() {
        return new RateLimit("magic-link.code.link", maxCodeAttempts, CODE_FAILURE_PERIOD);
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
