package io.authio.keycloak.dsr;

import java.time.Duration;

import org.keycloak.Config;

/**
 * Data-subject request settings, from {@code --spi-authio-dsr--default--<option>} (see
 * docs/configuration.md).
 *
 * @param claimLease       how long a run holds a request without renewing it; renewed every third of it while the
 *                         run is alive, so only a run that stopped (a crashed node) loses it, and another node resumes
 * @param fulfillWait      how long {@code POST .../fulfill} waits for the run before answering 202
 * @param jobCheckInterval how often the cluster (one node per interval) looks for runs whose lease expired
 * @param maxConcurrent    runs at once on one node; more wait for the sweep
 * @param maxAttempts      failed runs of one request before it goes back to pending with the error
 */
public record DsrConfig(
        int batchSize,
        Duration artifactTtl,
        Duration overdueCheckInterval,
        Duration claimLease,
        Duration uploadTimeout,
        Duration fulfillWait,
        Duration jobCheckInterval,
        int maxConcurrent,
        int maxAttempts) {

    public static final int MAX_BATCH = 1000;

    public static final DsrConfig DEFAULTS = new DsrConfig(MAX_BATCH, Duration.ofHours(24), Duration.ofMinutes(5),
            Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(15), 2, 5);

    public static DsrConfig from(Config.Scope c) {
        return new DsrConfig(
                Math.max(1, Math.min(MAX_BATCH, c.getInt("batch-size", MAX_BATCH))),
                Duration.ofSeconds(c.getLong("artifact-ttl-seconds", 24 * 3600L)),
                Duration.ofMillis(c.getLong("overdue-check-interval-millis", 300_000L)),
                Duration.ofSeconds(Math.max(3, c.getLong("claim-lease-seconds", 60L))),
                Duration.ofSeconds(c.getLong("upload-timeout-seconds", 120L)),
                Duration.ofMillis(Math.max(0, Math.min(60_000, c.getLong("fulfill-wait-millis", 10_000L)))),
                Duration.ofMillis(Math.max(200, c.getLong("job-check-interval-millis", 15_000L))),
                Math.max(1, c.getInt("max-concurrent-fulfillments", 2)),
                Math.max(1, c.getInt("max-fulfillment-attempts", 5)));
    }

    /** How often a running job renews its lease. */
    public Duration leaseRenewal() {
        return claimLease.dividedBy(3);
    }
}
