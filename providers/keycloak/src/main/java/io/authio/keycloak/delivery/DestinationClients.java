package io.authio.keycloak.delivery;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.authio.core.net.DestinationGuard;
import io.authio.keycloak.http.GuardedHttp;

/**
 * This node's HTTP client per destination (webhooks, HTTP sinks), with its open connections. A client is rebuilt when
 * the destination changes or its realm's allowlist does, so no connection outlives the check it was opened under;
 * clients unused for five minutes are closed.
 */
final class DestinationClients {

    private static final long IDLE_MILLIS = 5 * 60_000;

    private record Entry(String fingerprint, GuardedHttp http, long lastUsed) {
    }

    private final DeliveryConfig config;
    private final Map<String, Entry> clients = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.currentTimeMillis();

    DestinationClients(DeliveryConfig config) {
        this.config = config;
    }

    GuardedHttp of(Destination d, int connections) throws GeneralSecurityException, IOException {
        long now = System.currentTimeMillis();
        sweep(now);
        String fingerprint = d.version() + "|" + d.url() + "|" + d.allowlist() + "|" + d.options().tlsCaPem();
        Entry e = clients.get(d.id());
        if (e != null && e.fingerprint().equals(fingerprint)) {
            if (now - e.lastUsed() > 1_000) {
                clients.replace(d.id(), e, new Entry(fingerprint, e.http(), now));
            }
            return e.http();
        }
        GuardedHttp http = new GuardedHttp(d.url(), d.allowlist(), DestinationGuard.SYSTEM, d.options().tlsCaPem(),
                config.connectTimeout(), config.requestTimeout(), connections);
        Entry previous = clients.put(d.id(), new Entry(fingerprint, http, now));
        if (previous != null) {
            previous.http().close(true); // requests still running on it finish first
        }
        return http;
    }

    private void sweep(long now) {
        if (now - lastSweep < 60_000) {
            return;
        }
        lastSweep = now;
        clients.forEach((id, e) -> {
            if (now - e.lastUsed() > IDLE_MILLIS && clients.remove(id, e)) {
                e.http().close(true);
            }
        });
    }

    /** The destinations this node holds a client for. */
    java.util.Set<String> held() {
        return java.util.Set.copyOf(clients.keySet());
    }

    void release(String destinationId) {
        if (destinationId == null) {
            clients.values().forEach(e -> e.http().close());
            clients.clear();
            return;
        }
        Entry e = clients.remove(destinationId);
        if (e != null) {
            e.http().close(true);
        }
    }
}
