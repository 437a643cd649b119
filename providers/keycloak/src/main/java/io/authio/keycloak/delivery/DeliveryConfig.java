package io.authio.keycloak.delivery;

import java.time.Duration;

import org.keycloak.Config;

import io.authio.core.delivery.RetrySchedule;
import io.authio.core.net.NetworkCeiling;

/**
 * Dispatcher settings, from {@code --spi-authio-delivery--authio-delivery--<option>} (see
 * docs/configuration.md). Defaults suit production; tests shorten the schedule and lease.
 */
public record DeliveryConfig(
        boolean enabled,
        RetrySchedule retrySchedule,
        Duration lease,
        Duration pollInterval,
        int batchSize,
        int concurrency,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration disableAfter,
        /** The operator's SSRF ceiling: the non-public networks realms may allowlist (none by default). */
        NetworkCeiling allowedNetworks,
        int maxDestinations,
        /** Requests one realm may have in flight on a node, so one tenant's hung receivers cannot hold the others'. */
        int realmConcurrency,
        /** Requests all realms together may have in flight on a node. */
        int maxInFlight) {

    public static DeliveryConfig from(Config.Scope c) {
        return new DeliveryConfig(
                c.getBoolean("enabled", true),
                RetrySchedule.parse(c.get("retry-schedule", RetrySchedule.STANDARD)),
                seconds(c, "lease-seconds", 60),
                Duration.ofMillis(c.getLong("poll-interval-millis", 500L)),
                c.getInt("batch-size", 500),
                c.getInt("concurrency", 64),
                seconds(c, "connect-timeout-seconds", 5),
                seconds(c, "request-timeout-seconds", 10),
                seconds(c, "disable-after-seconds", 5 * 24 * 3600),
                NetworkCeiling.parse(c.get("allowed-networks", "")),
                c.getInt("max-destinations-per-realm", 20),
                c.getInt("realm-concurrency", 128),
                c.getInt("max-in-flight", 1024));
    }

    private static Duration seconds(Config.Scope c, String key, long def) {
        return Duration.ofSeconds(c.getLong(key, def));
    }
}
