package io.authio.core.retention;

import java.time.Duration;
import java.util.Locale;

/**
 * What Authio keeps for a while and then purges, with the operator's default ceiling for each. The operator may
 * change each ceiling ({@code --spi-authio-retention--default--<option>}); a realm may only shorten it.
 */
public enum RetentionCategory {

    AUDIT_EVENTS(Duration.ofDays(365), "audit events (AUTHIO_AUDIT_EVENT)"),
    RISK_DECISIONS(Duration.ofDays(180), "sign-in risk decisions (AUTHIO_RISK_DECISION)"),
    FAILED_ATTEMPTS(Duration.ofDays(30), "scored failed sign-in attempts (AUTHIO_RISK_DECISION)"),
    STEP_UP_CHALLENGES(Duration.ofDays(180), "step-up challenges (AUTHIO_STEP_UP_CHALLENGE)"),
    DEVICES(Duration.ofDays(400), "known devices, after they were last seen (AUTHIO_DEVICE)"),
    RISK_PROFILES(Duration.ofDays(400), "sign-in profiles, after their last update (AUTHIO_RISK_PROFILE)"),
    DELIVERED_DELIVERIES(Duration.ofDays(7), "delivered messages and their attempts (AUTHIO_OUTBOX, AUTHIO_DELIVERY_ATTEMPT)"),
    DEAD_DELIVERIES(Duration.ofDays(30), "dead-lettered messages and their attempts (AUTHIO_OUTBOX, AUTHIO_DELIVERY_ATTEMPT)"),
    CLOSED_DSR(Duration.ofDays(3 * 365), "completed and cancelled data-subject requests (AUTHIO_DSR)"),
    REVOKED_API_KEYS(Duration.ofDays(365), "revoked or expired API keys (AUTHIO_API_KEY)"),
    KEY_ROTATIONS(Duration.ofDays(7 * 365), "key rotation records (AUTHIO_KEY_ROTATION)");

    private final Duration defaultCeiling;
    private final String description;

    RetentionCategory(Duration defaultCeiling, String description) {
        this.defaultCeiling = defaultCeiling;
        this.description = description;
    }

    /** The name in the admin API: {@code audit_events}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operator's option for the ceiling: {@code audit-events-seconds}. */
    public String option() {
        return id().replace('_', '-') + "-seconds";
    }

    public Duration defaultCeiling() {
        return defaultCeiling;
    }

    public String description() {
        return description;
    }

    public static RetentionCategory of(String id) {
        for (RetentionCategory c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
