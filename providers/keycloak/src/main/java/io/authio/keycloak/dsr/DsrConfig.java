package io.authio.keycloak.dsr;

import java.time.Duration;

import org.keycloak.Config;

/**
 * Data-subject request settings, from {@code --spi-authio-dsr--default--<option>} (see
 * docs/configuration.md).
 */
public record DsrConfig(
        int batchSize,
        Duration artifactTtl,
        Duration overdueCheckInterval,
        Duration claimLease,
        Duration uploadTimeout) {

    public static final int MAX_BATCH = 1000;

    public static final DsrConfig DEFAULTS = new DsrConfig(MAX_BATCH, Duration.ofHours(24), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(2));

    public static DsrConfig from(Config.Scope c) {
        return new DsrConfig(
                Math.max(1, Math.min(MAX_BATCH, c.getInt("batch-size", MAX_BATCH))),
                Duration.ofSeconds(c.getLong("artifact-ttl-seconds", 24 * 3600L)),
                Duration.ofMillis(c.getLong("overdue-check-interval-millis", 300_000L)),
                Duration.ofSeconds(c.getLong("claim-lease-seconds", 900L)),
                Duration.ofSeconds(c.getLong("upload-timeout-seconds", 120L)));
    }
}
