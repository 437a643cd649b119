package io.authio.core.keys;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How to reach AWS KMS: the current key (id, ARN, alias name or alias ARN), older keys that must still unwrap
 * during a KEK rotation, an optional region and endpoint (VPC endpoint, FIPS endpoint, or a loopback emulator),
 * and the deadline of one call including its retries. Credentials are never part of it: they come from the
 * SDK's default provider chain.
 */
public record AwsKmsSettings(String keyId, List<String> previousKeyIds, String region, URI endpoint, Duration callTimeout,
        int maxAttempts) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    public AwsKmsSettings {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("key-id is required (a key id, key ARN, alias/<name> or alias ARN)");
        }
        previousKeyIds = previousKeyIds == null ? List.of() : List.copyOf(previousKeyIds);
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        if (callTimeout.compareTo(Duration.ofMillis(200)) < 0 || callTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("call-timeout-ms must be between 200 and 120000");
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("max-attempts must be between 1 and 10");
        }
        if (endpoint != null) {
            requireSafeEndpoint(endpoint);
        }
    }

    /** The region to call: the option, else the region of a key ARN, else null (the SDK's region chain decides). */
    public String effectiveRegion() {
        if (region != null && !region.isBlank()) {
            return region.trim();
        }
        String[] arn = keyId.split(":", 6);
        return arn.length == 6 && "arn".equals(arn[0]) && "kms".equals(arn[2]) && !arn[3].isEmpty() ? arn[3] : null;
    }

    /** Data keys cross this connection: TLS, except to this machine (an emulator in tests). */
    private static void requireSafeEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (endpoint.getHost() == null || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("endpoint must be an https:// URL");
        }
        if (endpoint.getUserInfo() != null || endpoint.getQuery() != null || endpoint.getFragment() != null) {
            throw new IllegalArgumentException("endpoint must be a plain https://host[:port] URL");
        }
        if ("http".equalsIgnoreCase(scheme)) {
            try {
                if (!InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
                    throw new IllegalArgumentException("endpoint must use https:// (plain http is accepted for loopback only)");
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("endpoint host " + endpoint.getHost() + " does not resolve");
            }
        }
    }
}
