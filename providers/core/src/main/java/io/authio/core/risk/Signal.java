package io.authio.core.risk;

import java.util.Locale;
import java.util.Optional;

/**
 * The signals the risk engine knows. Each has a default weight: its contribution, in log-odds, to the
 * risk of a sign-in when it fires at full strength (see {@link RiskEngine} for the formula).
 */
public enum Signal {
    NEW_DEVICE(1.5, "the device cookie is absent or not one of the user's known devices"),
    NEW_IP(0.5, "the IP address is not among the user's recent sign-in addresses"),
    NEW_NETWORK(0.7, "the network (IPv4 /24, IPv6 /48) is not among the user's recent networks"),
    NEW_COUNTRY(2.0, "the country (geo database) is not among the user's recent countries"),
    NEW_ASN(0.8, "the autonomous system (ASN database) is not among the user's recent ones"),
    IMPOSSIBLE_TRAVEL(5.0, "the distance from the last successful sign-in's location needs a speed above the limit"),
    FAILED_ATTEMPTS_USER(2.5, "recent failed sign-ins for this user (strength = count / threshold, at most 1)"),
    FAILED_ATTEMPTS_IP(2.0, "recent failed sign-ins from this IP (strength = count / threshold, at most 1)"),
    CREDENTIAL_STUFFING(3.0, "many distinct usernames tried from this IP recently"),
    DENYLISTED_IP(8.0, "the IP is inside a network of the operator's denylist"),
    UNUSUAL_HOUR(0.8, "the hour of day (UTC) is rare in the user's sign-in history"),
    STALE_ACCOUNT(1.0, "no successful sign-in for longer than the stale period"),
    SUSPICIOUS_USER_AGENT(2.5, "the user agent is empty or names a headless browser or an automation tool");

    private final double defaultWeight;
    private final String description;

    Signal(double defaultWeight, String description) {
        this.defaultWeight = defaultWeight;
        this.description = description;
    }

    /** The name used in settings, decisions, claims and events, e.g. {@code new_device}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double defaultWeight() {
        return defaultWeight;
    }

    public String description() {
        return description;
    }

    public static Optional<Signal> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Signal s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
