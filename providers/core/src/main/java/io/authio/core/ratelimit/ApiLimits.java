package io.authio.core.ratelimit;

import java.time.Duration;
import java.util.Map;

/**
 * The server operator's limits for Authio's HTTP APIs and how a realm's own settings apply inside them.
 *
 * @param requestsPerMinute       calls per minute (and burst) of one authenticated caller to one API
 * @param failedApiKeysPerMinute  rejected API keys per minute (and burst) from one client network
 */
public record ApiLimits(int requestsPerMinute, int failedApiKeysPerMinute) {

    public static final ApiLimits DEFAULTS = new ApiLimits(120, 20);

    /** Realm attribute lowering the per-caller limit of every API; {@code authio.<api>.requests-per-minute} lowers one. */
    public static final String REALM_ATTRIBUTE = "authio.api.requests-per-minute";

    /** First path segment below {@code /authio/} → API name, where they differ. */
    private static final Map<String, String> API_NAMES = Map.of("compliance", "dsr", "audit-events", "audit");

    public ApiLimits {
        if (requestsPerMinute < 1 || failedApiKeysPerMinute < 1) {
            throw new IllegalArgumentException("API limits must be at least 1 per minute");
        }
    }

    /**
     * The API a request belongs to, from the first path segment below {@code /authio/} ({@code audit-events} →
     * {@code audit}, {@code compliance} → {@code dsr}, {@code webhooks} → {@code webhooks}); each has a budget of its own.
     */
    public static String api(String firstSegment) {
        if (firstSegment == null || !firstSegment.matches("[a-z][a-z0-9-]{0,30}")) {
            return "other";
        }
        return API_NAMES.getOrDefault(firstSegment, firstSegment);
    }

    /** The per-caller rate limit of one API in a realm whose attributes are {@code realmAll} and {@code realmApi}. */
    public RateLimit perCaller(String api, String realmAll, String realmApi) {
        int limit = Math.min(requestsPerMinute, Math.min(lowering(realmAll), lowering(realmApi)));
        return new RateLimit("api." + api + ".caller", limit, Duration.ofMinutes(1));
    }

    /** The limit on rejected API keys per client network ({@link AddressKey}). */
    public RateLimit failedApiKeys() {
        return new RateLimit("api-key.rejected.network", failedApiKeysPerMinute, Duration.ofMinutes(1));
    }

    /** A realm value may only lower the operator's limit: absent, malformed or higher values change nothing. */
    private static int lowering(String value) {
        if (value == null) {
            return Integer.MAX_VALUE;
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
