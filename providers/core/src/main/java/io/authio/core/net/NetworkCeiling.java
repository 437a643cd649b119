package io.authio.core.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The server operator's ceiling on realms' delivery allowlists: the non-public networks a realm may open to its
 * webhooks, SIEM sinks and export uploads (an SPI option; none by default). A realm's entry must lie inside one
 * of the operator's networks; an entry inside loopback, link-local or metadata space needs an operator network
 * that is itself inside such space, so an operator's wide {@code 0.0.0.0/0} never lets a tenant reach them.
 */
public final class NetworkCeiling {

    public static final NetworkCeiling NONE = new NetworkCeiling(List.of());

    private final List<Cidr> networks;

    public NetworkCeiling(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    /** From the operator's option: comma-separated networks; blank means none. */
    public static NetworkCeiling parse(String option) {
        return new NetworkCeiling(Cidr.parseList(option));
    }

    public List<Cidr> networks() {
        return networks;
    }

    /** Null when a realm may allowlist {@code network}; otherwise why it may not, for the administrator. */
    public String refusal(Cidr network) {
        for (Cidr allowed : networks) {
            if (allowed.contains(network) && (!sensitive(network) || sensitive(allowed))) {
                return null;
            }
        }
        if (sensitive(network)) {
            return network + " is loopback, link-local or metadata space, which the server operator has not opened to realms";
        }
        return network + " is outside the networks the server operator lets realms allowlist";
    }

    /**
     * The part of a realm's stored allowlist the ceiling covers now: entries stored before the ceiling existed, or
     * since narrowed, keep only what the operator still allows.
     */
    public List<Cidr> effective(List<Cidr> realm) {
        List<Cidr> out = new ArrayList<>();
        for (Cidr wanted : realm) {
            for (Cidr allowed : networks) {
                Cidr both = allowed.contains(wanted) ? wanted : wanted.contains(allowed) ? allowed : null;
                boolean permitted = both != null && (both == allowed || !sensitive(wanted) || sensitive(allowed));
                if (permitted && !out.contains(both)) {
                    out.add(both);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Inside loopback, link-local or metadata space. */
    private static boolean sensitive(Cidr network) {
        return DestinationGuard.SENSITIVE.stream().anyMatch(s -> s.contains(network));
    }
}
