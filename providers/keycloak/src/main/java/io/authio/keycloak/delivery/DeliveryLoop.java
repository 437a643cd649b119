package io.authio.keycloak.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.audit.AuditEvent;
import io.authio.core.delivery.DeliveryPolicy;
import io.authio.core.delivery.OpenedSecrets;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.store.RealmData;

/**
 * The outbox dispatcher of one node: its threads, its caps and its shutdown. Each cycle:
 * <ol>
 * <li>claims due messages with {@code SELECT ... FOR UPDATE SKIP LOCKED} and pushes their due time one lease ahead,
 * in a short transaction — two nodes never claim the same message, and a node that dies mid-send leaves messages
 * that become due again when the lease ends (at-least-once, same id);</li>
 * <li>sends outside any transaction, destinations in parallel;</li>
 * <li>records outcomes: one recorder takes what all senders finished since its last round and writes each group
 * (delivered marks, attempt rows, retries, dead-letters, destination health) in a short transaction of its own — at
 * most one database connection taken from sign-ins.</li>
 * </ol>
 * What a node has in flight is bounded per destination ({@code concurrency}), per realm ({@code realm-concurrency})
 * and in all ({@code max-in-flight}); a destination or realm at its bound is left out of the next claim, so one
 * tenant's hung receivers hold their own share and never the threads other realms' deliveries need. Decisions are
 * {@link DeliveryPolicy}'s, rows are {@link OutboxRepository}'s. Any error (database outage included) ends the
 * cycle; the loop backs off and resumes.
 */
final class DeliveryLoop {

    private static final Logger LOG = Logger.getLogger(DeliveryLoop.class);
    /** How often connections and clients of destinations deleted or disabled (on any node) are released. */
    private static final long PRUNE_MILLIS = 60_000;

    private record Claimed(Transport.Message message, Destination destination) {
    }

    /** A destination as the claim found it. */
    private record Snapshot(Destination destination, DeliveryPolicy.DestinationState state, String error) {
    }

    /** A group sent and waiting to be recorded; its share of the caps is held until then. */
    private record Sent(Destination destination, List<Claimed> group, Map<String, Transport.Result> results, int weight) {
    }

    private final KeycloakSessionFactory factory;
    private final DeliveryConfig config;
    private final DeliveryPolicy policy;
    private final Map<Destination.Kind, Transport> transports = new HashMap<>();
    private final InFlight inFlight = new InFlight();
    private final DestinationClients clients;
    private final ExecutorService senders;
    private final ExecutorService writers;
    private final ExecutorService posts;
    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final OpenedSecrets opened = new OpenedSecrets(TimeUnit.MINUTES.toMillis(5));
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private volatile boolean recording;
    private Thread thread;
    private Thread recorder;
    private long lastPrune = System.currentTimeMillis();

    DeliveryLoop(KeycloakSessionFactory factory, DeliveryConfig config) {
        this.factory = factory;
        this.config = config;
        this.policy = new DeliveryPolicy(config.retrySchedule(), config.disableAfter(), new Random());
        // Threads are reused and bounded by what may be in flight (max-in-flight): a hung receiver holds threads of
        // its own and never queues other destinations' sends behind it.
        this.senders = Executors.newCachedThreadPool(daemon("authio-delivery-send"));
        this.writers = Executors.newCachedThreadPool(daemon("authio-delivery-write"));
        this.posts = Executors.newCachedThreadPool(daemon("authio-delivery-post"));
        this.clients = new DestinationClients(config);
        transports.put(Destination.Kind.WEBHOOK, new WebhookTransport(config, posts, clients));
        transports.put(Destination.Kind.HTTP, new HttpSinkTransport(clients));
        transports.put(Destination.Kind.SYSLOG, new SyslogTransport(config, writers));
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        recording = true;
        recorder = daemon("authio-delivery-record").newThread(this::recordLoop);
        recorder.start();
        thread = daemon("authio-delivery-dispatcher").newThread(this::loop);
        thread.start();
    }

    /**
     * Stops claiming, lets sends in progress finish (up to a request timeout) and records them, then closes every
     * thread, connection and client. Whatever is not recorded stays leased and is sent again after the lease, by
     * this node after a restart or by another.
     */
    synchronized void stop() {
        running = false;
        wake();
        join(thread, 5_000);
        senders.shutdown();
        try {
            if (!senders.awaitTermination(Math.min(config.requestTimeout().toMillis() + 1_000, 15_000), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        recording = false;
        join(recorder, 5_000);
        writers.shutdownNow();
        posts.shutdownNow();
        transports.values().forEach(t -> t.release(null));
        clients.release(null);
        opened.clear();
        thread = null;
        recorder = null;
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        int failures = 0;
        while (running) {
            int handled;
            try {
                handled = cycle();
                failures = 0;
                prune();
            } catch (Throwable t) {
                failures++;
                long backoff = Math.min(30_000L, 500L << Math.min(failures, 6));
                LOG.warnf("Delivery cycle failed (%s); retrying in %d ms", Transport.describe(t), backoff);
                LOG.debug("delivery cycle failure", t);
                sleep(backoff);
                continue;
            }
            if (handled < config.batchSize()) {
                awaitWork();
            }
        }
    }

    private void awaitWork() {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(config.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /**
     * Claims due messages and hands each destination's share to a sender; returns how many it claimed. Sends run
     * asynchronously, so a receiver that hangs holds only its own messages (at most its cap) and never the others'.
     */
    int cycle() {
        if (inFlight.requests() >= config.maxInFlight()) {
            return 0; // the node has all it may have in flight; a recorded group wakes the loop
        }
        Set<String> saturatedRealms = inFlight.saturatedRealms(config.realmConcurrency());
        Set<String> saturated = inFlight.saturatedDestinations();
        // While destinations are busy, lock and load only about what they can take now (at least one group, so
        // destinations this node has not seen yet still get their turn): a sender finishing a group of 16 must
        // not make the next claim lock and read a whole batch of rows it then leaves behind.
        int limit = inFlight.busy() ? Math.min(config.batchSize(), Math.max(groupSize(), inFlight.free())) : config.batchSize();
        List<Claimed> claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> claim(s, saturated, saturatedRealms, limit));
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<String, List<Claimed>> byDestination = new LinkedHashMap<>();
        for (Claimed c : claimed) {
            byDestination.computeIfAbsent(c.destination().id(), k -> new ArrayList<>()).add(c);
        }
        for (List<Claimed> all : byDestination.values()) {
            Destination d = all.get(0).destination();
            // Webhooks go out in small groups that are sent independently: a finished group frees its share of the
            // destination's cap once the recorder's next round has written it, so sending, recording and the next
            // claim overlap instead of waiting for the slowest POST of a large group. SIEM batches stay whole.
            int size = d.kind() == Destination.Kind.WEBHOOK ? groupSize() : all.size();
            for (int from = 0; from < all.size(); from += size) {
                List<Claimed> group = all.subList(from, Math.min(all.size(), from + size));
                int weight = weight(d.kind(), group.size());
                inFlight.add(d.id(), cap(d.kind()), d.realmId(), group.size(), weight);
                senders.submit(() -> send(d, group, weight));
            }
        }
        return claimed.size();
    }

    private void send(Destination d, List<Claimed> group, int weight) {
        Map<String, Transport.Result> results = new HashMap<>();
        try {
            for (Transport.Result r : transports.get(d.kind()).send(d, group.stream().map(Claimed::message).toList())) {
                results.put(r.outboxId(), r);
            }
        } catch (Throwable t) {
            // transports answer every message and never throw; if one did, the messages stay leased and come back
            LOG.warnf("Sending to %s failed (%s); the messages will be retried", d.id(), Transport.describe(t));
            inFlight.remove(d.id(), d.realmId(), group.size(), weight);
            wake();
            return;
        }
        sent.add(new Sent(d, group, results, weight));
    }

    private int groupSize() {
        return Math.max(8, config.concurrency() / 4);
    }

    /** The requests {@code messages} messages of a destination of this kind make: one each for webhooks, one per chunk for SIEM. */
    private static int weight(Destination.Kind kind, int messages) {
        return kind == Destination.Kind.WEBHOOK ? messages : (messages + HttpSinkTransport.MAX_PER_REQUEST - 1) / HttpSinkTransport.MAX_PER_REQUEST;
    }

    /**
     * How many messages of one destination may be in flight on this node. A SIEM sink may have four claims' worth: a
     * batch is claimed, sent and recorded by three different threads, and with only two in flight the claim loop sat
     * waiting for the recorder while the cores were a fifth idle (DeliveryBenchmark).
     */
    private int cap(Destination.Kind kind) {
        return kind == Destination.Kind.WEBHOOK ? config.concurrency() : config.batchSize() * HttpSinkTransport.BATCHES_IN_FLIGHT;
    }

    private List<Claimed> claim(KeycloakSession session, Set<String> saturated, Set<String> saturatedRealms, int limit) {
        RealmData.readCommitted(session);
        OutboxRepository outbox = new OutboxRepository(session);
        long now = System.currentTimeMillis();
        List<OutboxEntity> rows = outbox.lockDue(saturated, saturatedRealms, limit, now);
        if (rows.isEmpty()) {
            return List.of();
        }
        DestinationStore store = new DestinationStore(session);
        Map<String, Snapshot> destinations = new HashMap<>();
        List<OutboxEntity> taking = new ArrayList<>(rows.size());
        Map<String, Integer> taken = new HashMap<>();
        Map<String, Integer> realmTaken = new HashMap<>();
        int budget = config.maxInFlight() - inFlight.requests();
        Map<String, List<String>> dead = new HashMap<>();
        Map<String, List<String>> later = new HashMap<>();
        for (OutboxEntity row : rows) {
            Snapshot snapshot = destinations.computeIfAbsent(row.getDestinationId(), id -> snapshot(store, row.getRealmId(), id, now));
            DeliveryPolicy.AtClaim verdict = policy.atClaim(snapshot.state(), snapshot.error());
            if (verdict.action() == DeliveryPolicy.Action.WAIT) {
                later.computeIfAbsent(verdict.reason(), k -> new ArrayList<>()).add(row.getId());
                continue;
            }
            if (verdict.action() == DeliveryPolicy.Action.DEAD) {
                dead.computeIfAbsent(verdict.reason(), k -> new ArrayList<>()).add(row.getId());
                continue;
            }
            Destination d = snapshot.destination();
            int share = taken.merge(d.id(), 1, Integer::sum);
            if (inFlight.messages(d.id()) + share > cap(d.kind())) {
                continue; // left due and unclaimed: this node has enough of this destination in flight
            }
            // a webhook message is a request; a SIEM batch is one request per chunk
            int weight = d.kind() == Destination.Kind.WEBHOOK || share % HttpSinkTransport.MAX_PER_REQUEST == 1 ? 1 : 0;
            if (weight > 0 && (inFlight.realmRequests(d.realmId()) + realmTaken.getOrDefault(d.realmId(), 0) >= config.realmConcurrency()
                    || budget <= 0)) {
                taken.merge(d.id(), -1, Integer::sum);
                continue; // left due: the realm (or the node) has all it may have in flight
            }
            realmTaken.merge(d.realmId(), weight, Integer::sum);
            budget -= weight;
            taking.add(row);
        }
        // Events are read only for the messages actually taken.
        Map<String, AuditEvent> events = outbox.events(taking.stream().map(OutboxEntity::getEventId).toList());
        List<Claimed> claimed = new ArrayList<>(taking.size());
        List<String> claimedIds = new ArrayList<>(taking.size());
        for (OutboxEntity row : taking) {
            AuditEvent event = events.get(row.getEventId());
            if (event == null) {
                dead.computeIfAbsent(policy.eventMissing().reason(), k -> new ArrayList<>()).add(row.getId());
                continue;
            }
            claimedIds.add(row.getId());
            claimed.add(new Claimed(new Transport.Message(row.getId(), row.getAttempts() + 1, event),
                    destinations.get(row.getDestinationId()).destination()));
        }
        dead.forEach((why, ids) -> outbox.deadLetter(ids, why));
        // Not an attempt: the messages wait one lease and are looked at again.
        later.forEach((why, ids) -> outbox.postpone(ids, now + config.lease().toMillis(), why));
        outbox.lease(claimedIds, now + config.lease().toMillis());
        return claimed;
    }

    private Snapshot snapshot(DestinationStore store, String realmId, String id, long now) {
        DestinationEntity entity = store.find(realmId, id);
        if (entity == null) {
            return new Snapshot(null, DeliveryPolicy.DestinationState.DELETED, null);
        }
        try {
            Destination d = store.snapshot(entity, now, opened);
            return new Snapshot(d, d.enabled() ? DeliveryPolicy.DestinationState.ENABLED : DeliveryPolicy.DestinationState.DISABLED, null);
        } catch (RuntimeException e) {
            LOG.warnf("Destination %s cannot be loaded, its deliveries wait: %s", id, Transport.describe(e));
            return new Snapshot(null, DeliveryPolicy.DestinationState.UNLOADABLE, Transport.describe(e));
        }
    }

    /**
     * Records what the senders finished, until stopped and nothing is left: each group in a short transaction of its own.
     * Rounds that shared one transaction held their outbox rows long enough for MariaDB (InnoDB, repeatable read) to
     * deadlock with a request inserting outbox rows (RetentionAttackIT: a concurrent destination creation answered 500).
     */
    private void recordLoop() {
        while (recording || !sent.isEmpty()) {
            Sent next;
            try {
                next = sent.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next != null) {
                write(next);
            }
        }
    }

    /** Writes one group's outcomes in a transaction, then frees its share of the caps. */
    private void write(Sent sentGroup) {
        Set<String> disabled = new HashSet<>();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> disabled.addAll(record(s, List.of(sentGroup))));
        } catch (Throwable e) {
            // the messages stay leased and come back when the lease ends
            disabled.clear();
            LOG.warnf("Recording deliveries to %s failed (%s); they will be retried", sentGroup.destination().id(), Transport.describe(e));
        } finally {
            disabled.forEach(this::release);
            inFlight.remove(sentGroup.destination().id(), sentGroup.destination().realmId(), sentGroup.group().size(), sentGroup.weight());
            wake();
        }
    }

    /** Per destination in a round: how many got through, did the receiver say 410, its last error. */
    private static final class Outcome {
        final Destination destination;
        int delivered;
        boolean gone;
        String lastError;
        Long failingSinceAtClaim;

        Outcome(Destination destination) {
            this.destination = destination;
        }
    }

    /** Writes a round's outcomes; returns the destinations it disabled. */
    private Set<String> record(KeycloakSession session, List<Sent> round) {
        RealmData.readCommitted(session);
        OutboxRepository outbox = new OutboxRepository(session);
        long now = System.currentTimeMillis();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<String> delivered = new ArrayList<>();
        Map<String, List<String>> deliveredInBatch = new LinkedHashMap<>();
        List<Transport.Result> failed = new ArrayList<>();
        List<OutboxRepository.Attempt> attempts = new ArrayList<>();
        for (Sent s : round) {
            Destination d = s.destination();
            Outcome o = outcomes.computeIfAbsent(d.id(), id -> new Outcome(d));
            if (o.failingSinceAtClaim == null) {
                o.failingSinceAtClaim = d.failingSince();
            }
            int perRequest = transports.get(d.kind()).perRequest();
            for (int from = 0; from < s.group().size(); from += perRequest) {
                List<Claimed> request = s.group().subList(from, Math.min(s.group().size(), from + perRequest));
                List<Transport.Result> results = new ArrayList<>(request.size());
                boolean all = true;
                for (Claimed c : request) {
                    Transport.Result r = s.results().get(c.message().outboxId());
                    r = r == null ? Transport.Result.failed(c.message(), "no result", 0) : r;
                    results.add(r);
                    all &= r.delivered();
                    if (r.delivered()) {
                        o.delivered++;
                    } else {
                        o.lastError = r.error();
                    }
                    o.gone |= r.gone();
                }
                if (all && request.size() > 1) {
                    // a SIEM request that delivered its batch: one attempt row for it, each message points at it
                    Transport.Result r = results.get(0);
                    String batchId = Uuid7.next();
                    attempts.add(attempt(batchId, d, null, request.get(0).message().attempt(), r, now, request.size()));
                    deliveredInBatch.put(batchId, results.stream().map(Transport.Result::outboxId).toList());
                    continue;
                }
                for (int i = 0; i < request.size(); i++) {
                    Transport.Result r = results.get(i);
                    attempts.add(attempt(Uuid7.next(), d, r.outboxId(), request.get(i).message().attempt(), r, now, null));
                    if (r.delivered()) {
                        delivered.add(r.outboxId());
                    } else {
                        failed.add(r);
                    }
                }
            }
        }
        outbox.delivered(delivered, now, null);
        deliveredInBatch.forEach((batchId, ids) -> outbox.delivered(ids, now, batchId));
        outbox.insertAttempts(attempts);
        failed.sort(java.util.Comparator.comparing(Transport.Result::outboxId)); // rows locked in one order
        for (Transport.Result r : failed) {
            outbox.failed(r.outboxId(), r.statusCode(), r.error(), attemptsMade -> policy.afterAttempt(false, attemptsMade, r.retryAfter(), now).nextAttemptAt());
        }
        Set<String> disabled = new HashSet<>();
        for (Outcome o : outcomes.values()) {
            if (DeliveryPolicy.staysHealthy(o.gone, o.delivered, o.failingSinceAtClaim)) {
                continue; // the common case needs no read of the destination row
            }
            DestinationEntity d = outbox.destination(o.destination.id());
            if (d == null || !d.isEnabled()) {
                continue;
            }
            DeliveryPolicy.Health health = policy.health(o.gone, o.delivered, d.getFailingSince(), o.lastError, now);
            switch (health.change()) {
                case RECOVERED -> d.setFailingSince(null);
                case FAILING -> d.setFailingSince(now);
                case DISABLE -> {
                    OutboxRepository.disable(session, d, health.reason(), now);
                    disabled.add(d.getId());
                }
                case NONE -> {
                }
            }
        }
        return disabled;
    }

    private static OutboxRepository.Attempt attempt(String id, Destination d, String outboxId, int attempt, Transport.Result r, long now,
            Integer messages) {
        return new OutboxRepository.Attempt(id, d.realmId(), outboxId, d.id(), attempt, now, r.delivered(), r.statusCode(), r.latencyMs(),
                Transport.Result.truncate(r.error(), 500), Transport.Result.truncate(r.response(), 1024), messages);
    }

    /** Releases, about once a minute, the connections and clients this node holds for destinations now deleted or disabled. */
    private void prune() {
        long now = System.currentTimeMillis();
        if (now - lastPrune < PRUNE_MILLIS) {
            return;
        }
        lastPrune = now;
        Set<String> held = new HashSet<>(clients.held());
        transports.values().forEach(t -> held.addAll(t.held()));
        if (held.isEmpty()) {
            return;
        }
        List<String> enabled = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                s -> new OutboxRepository(s).enabled(List.copyOf(held)));
        held.removeAll(enabled);
        held.forEach(this::release);
    }

    private void release(String destinationId) {
        transports.values().forEach(t -> t.release(destinationId));
        clients.release(destinationId);
    }

    private static void join(Thread t, long millis) {
        if (t == null) {
            return;
        }
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
