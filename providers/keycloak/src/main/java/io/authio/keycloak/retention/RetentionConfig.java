package io.authio.keycloak.retention;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.keycloak.Config;

import io.authio.core.retention.RetentionCategory;
import io.authio.core.retention.RetentionPolicy;

/**
 * Retention settings, from {@code --spi-authio-retention--default--<option>} (see docs/configuration.md): a
 * ceiling per category, the shortest a realm may choose, and how the purge runs.
 */
public record RetentionConfig(RetentionPolicy policy, Duration interval, int batchSize, Duration maxRun) {

    static final RetentionConfig DEFAULT = new RetentionConfig(RetentionPolicy.defaults(), Duration.ofSeconds(60), 1000, Duration.ofSeconds(30));

    static RetentionConfig from(Config.Scope c) {
        Map<RetentionCategory, Duration> ceilings = new EnumMap<>(RetentionCategory.class);
        for (RetentionCategory category : RetentionCategory.values()) {
            Long seconds = c.getLong(category.option());
            if (seconds != null) {
                ceilings.put(category, Duration.ofSeconds(seconds));
            }
        }
        return new RetentionConfig(
                new RetentionPolicy(ceilings, Duration.ofSeconds(c.getLong("min-realm-seconds", 86_400L))),
                Duration.ofSeconds(Math.max(1, c.getLong("interval-seconds", 60L))),
                Math.max(1, Math.min(1000, c.getInt("batch-size", 1000))),
                Duration.ofSeconds(Math.max(1, c.getLong("max-run-seconds", 30L))));
    }
}
