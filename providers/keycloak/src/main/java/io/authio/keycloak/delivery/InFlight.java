package io.authio.keycloak.delivery;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node is sending right now (node-local by nature): messages per destination against its cap, requests per
 * realm and in all. An entry lives only while something of its destination or realm is in flight, so the maps hold at
 * most what is in flight, never every destination or realm ever seen.
 */
final class InFlight {

    /** Messages of one destination in flight, and the cap they count against. */
    private static final class Slot {
        volatile int messages;
        volatile int cap;
    }

    private final Map<String, Slot> destinations = new ConcurrentHashMap<>();
    private final Map<String, Integer> realms = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    int requests() {
        return requests.get();
    }

    /** Messages of the destination in flight. */
    int messages(String destinationId) {
        Slot s = destinations.get(destinationId);
        return s == null ? 0 : s.messages;
    }

    int realmRequests(String realmId) {
        return realms.getOrDefault(realmId, 0);
    }

    /** Whether anything is in flight. */
    boolean busy() {
        return !destinations.isEmpty();
    }

    /** Destinations at their cap, which the next claim leaves out. */
    Set<String> saturatedDestinations() {
        Set<String> out = new HashSet<>();
        destinations.forEach((id, s) -> {
            if (s.messages >= s.cap) {
                out.add(id);
            }
        });
        return out;
    }

    /** Room left in the destinations that have something in flight. */
    int free() {
        int free = 0;
        for (Slot s : destinations.values()) {
            free += Math.max(0, s.cap - s.messages);
        }
        return free;
    }

    /** Realms at {@code cap} requests, which the next claim leaves out. */
    Set<String> saturatedRealms(int cap) {
        Set<String> out = new HashSet<>();
        realms.forEach((id, n) -> {
            if (n >= cap) {
                out.add(id);
            }
        });
        return out;
    }

    /** Counts a group as sent: {@code messages} of the destination (capped at {@code cap}), {@code weight} requests. */
    void add(String destinationId, int cap, String realmId, int messages, int weight) {
        destinations.compute(destinationId, (k, s) -> {
            Slot slot = s == null ? new Slot() : s;
            slot.messages += messages;
            slot.cap = cap;
            return slot;
        });
        realms.merge(realmId, weight, Integer::sum);
        requests.addAndGet(weight);
    }

    /** Counts a group as done; entries that fall to zero go. */
    void remove(String destinationId, String realmId, int messages, int weight) {
        destinations.computeIfPresent(destinationId, (k, s) -> {
            s.messages -= messages;
            return s.messages <= 0 ? null : s;
        });
        realms.computeIfPresent(realmId, (k, n) -> n - weight <= 0 ? null : n - weight);
        requests.addAndGet(-weight);
    }
}
