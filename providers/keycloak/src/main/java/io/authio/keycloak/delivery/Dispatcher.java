package io.authio.keycloak.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.audit.AuditEvent;
import io.authio.core.delivery.OpenedSecrets;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.audit.AuditEventStore;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.store.InList;
import io.authio.keycloak.store.RealmData;

/**
 * The outbox dispatcher of one node. Each cycle:
 * <ol>
 * <li>claims due messages with {@code SELECT ... FOR UPDATE SKIP LOCKED} and pushes their due time one
 * lease ahead, in a short transaction — two nodes never claim the same message, and a node that dies
 * mid-send leaves messages that become due again when the lease ends (at-least-once, same id);</li>
 * <li>sends outside any transaction, destinations in parallel;</li>
 * <li>records outcomes in a second transaction: delivered, retry at the schedule's next step, or dead,
 * plus one attempt row per message; and disables destinations that answered 410 or kept failing.</li>
 * </ol>
 * What a node has in flight is bounded per destination ({@code concurrency}), per realm ({@code realm-concurrency})
 * and in all ({@code max-in-flight}); a destination or realm at its bound is left out of the next claim, so one
 * tenant's hung receivers hold their own share and never the threads other realms' deliveries need.
 * A destination that cannot be loaded (a sealed secret that cannot be opened, a malformed setting) keeps its
 * messages pending until it can; only a deleted one dead-letters them.
 * Any error (database outage included) ends the cycle; the loop backs off and resumes.
 */
final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** Hibernate's value for "lock timeout: skip locked rows" (LockOptions.SKIP_LOCKED). */
    private static final int SKIP_LOCKED = -2;

    private record Claimed(Transport.Message message, Destination destination) {
    }

    /** A destination as the claim found it: loaded, deleted (null, no error) or not loadable now (error). */
    private record Snapshot(Destination destination, String error) {
    }

    private final KeycloakSessionFactory factory;
    private final DeliveryConfig config;
    private final Map<Destination.Kind, Transport> transports = new HashMap<>();
    /** Messages per destination being sent by this node right now (node-local by nature). */
    private final Map<String, AtomicInteger> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    /** The in-flight cap of each destination seen, so a saturated one is left out of the next claim. */
    private final Map<String, Integer> caps = new java.util.concurrent.ConcurrentHashMap<>();
    /** Requests in flight per realm on this node: a webhook message is one request, a SIEM batch one per chunk. */
    private final Map<String, AtomicInteger> realmRequests = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    /**
     * Outcomes recorded at once, each a transaction: senders are many (a hung realm holds some), database
     * connections are shared with sign-ins, so recording takes a bounded number of them.
     */
    private final java.util.concurrent.Semaphore recorders = new java.util.concurrent.Semaphore(16);
    private final DestinationClients clients;
    private final ExecutorService senders;
    private final ExecutorService writers;
    private final ExecutorService posts;
    private final Random random = new Random();
    private final OpenedSecrets opened = new OpenedSecrets(TimeUnit.MINUTES.toMillis(5));
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    Dispatcher(KeycloakSessionFactory factory, DeliveryConfig config) {
        this.factory = factory;
        this.config = config;
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
        thread = new Thread(this::loop, "authio-delivery-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdownNow();
        writers.shutdownNow();
        posts.shutdownNow();
        opened.clear();
        transports.values().forEach(t -> t.release(null));
        clients.release(null);
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
            } catch (Throwable t) {
                failures++;
                handled = 0;
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
     * Claims due messages and hands each destination's share to a sender; returns how many it claimed.
     * Sends run asynchronously and record their own outcomes, so a receiver that hangs holds only its
     * own messages (at most {@link #cap} of them) and never the other destinations'.
     */
    int cycle() {
        if (requests.get() >= config.maxInFlight()) {
            return 0; // the node has all it may have in flight; a finishing send wakes the loop
        }
        Set<String> saturatedRealms = new HashSet<>();
        realmRequests.forEach((realm, n) -> {
            if (n.get() >= config.realmConcurrency()) {
                saturatedRealms.add(realm);
            }
        });
        Set<String> saturated = new HashSet<>();
        int free = 0;
        boolean busy = false;
        for (Map.Entry<String, AtomicInteger> e : inFlight.entrySet()) {
            int n = e.getValue().get();
            int cap = caps.getOrDefault(e.getKey(), Integer.MAX_VALUE);
            busy |= n > 0;
            if (n >= cap) {
                saturated.add(e.getKey());
            } else if (n > 0) {
                free += cap - n;
            }
        }
        // While destinations are busy, lock and load only about what they can take now (at least one group, so
        // destinations this node has not seen yet still get their turn): a sender finishing a group of 16 must
        // not make the next claim lock and read a whole batch of rows it then leaves behind.
        int limit = busy ? Math.min(config.batchSize(), Math.max(groupSize(), free)) : config.batchSize();
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
            AtomicInteger counter = inFlight.computeIfAbsent(d.id(), k -> new AtomicInteger());
            counter.addAndGet(all.size());
            // Webhooks go out in small groups that are sent and recorded independently: a finished group frees
            // its share of the destination's cap at once, so sending, recording and the next claim overlap
            // instead of waiting for the slowest POST of a large group. SIEM batches stay whole (one request).
            int size = d.kind() == Destination.Kind.WEBHOOK ? groupSize() : all.size();
            AtomicInteger realm = realmRequests.computeIfAbsent(d.realmId(), k -> new AtomicInteger());
            for (int from = 0; from < all.size(); from += size) {
                List<Claimed> group = all.subList(from, Math.min(all.size(), from + size));
                int weight = weight(d.kind(), group.size());
                realm.addAndGet(weight);
                requests.addAndGet(weight);
                senders.submit(() -> {
                    try {
                        List<Transport.Message> messages = group.stream().map(Claimed::message).toList();
                        Map<String, Transport.Result> results = new HashMap<>();
                        for (Transport.Result r : transports.get(d.kind()).send(d, messages)) {
                            results.put(r.outboxId(), r);
                        }
                        recorders.acquire();
                        try {
                            KeycloakModelUtils.runJobInTransaction(factory, s -> record(s, group, results));
                        } finally {
                            recorders.release();
                        }
                    } catch (Throwable t) {
                        // the messages stay leased and come back when the lease ends
                        LOG.warnf("Recording deliveries to %s failed (%s); they will be retried", d.id(), Transport.describe(t));
                    } finally {
                        counter.addAndGet(-group.size());
                        realm.addAndGet(-weight);
                        requests.addAndGet(-weight);
                        wake();
                    }
                });
            }
        }
        return claimed.size();
    }

    private int groupSize() {
        return Math.max(8, config.concurrency() / 4);
    }

    /** The requests {@code messages} messages of a destination of this kind make: one each for webhooks, one per chunk for SIEM. */
    private static int weight(Destination.Kind kind, int messages) {
        return kind == Destination.Kind.WEBHOOK ? messages : (messages + HttpSinkTransport.MAX_PER_REQUEST - 1) / HttpSinkTransport.MAX_PER_REQUEST;
    }

    /** How many messages of one destination may be in flight on this node. */
    private int cap(Destination.Kind kind) {
        return kind == Destination.Kind.WEBHOOK ? config.concurrency() : config.batchSize() * 2;
    }

    private List<Claimed> claim(KeycloakSession session, Set<String> saturated, Set<String> saturatedRealms, int limit) {
        EntityManager em = RealmData.em(session);
        // Every write of this transaction is an explicit statement: queries need not flush first.
        em.setFlushMode(FlushModeType.COMMIT);
        long now = System.currentTimeMillis();
        List<String> skip = List.copyOf(saturated);
        List<String> skipRealms = List.copyOf(saturatedRealms);
        var query = em.createQuery("select o from OutboxEntity o where o.status = :pending "
                        + "and o.nextAttemptAt <= :now" + (skip.isEmpty() ? "" : " and o.destinationId not in (" + InList.params("s", skip.size()) + ")")
                        + (skipRealms.isEmpty() ? "" : " and o.realmId not in (" + InList.params("r", skipRealms.size()) + ")")
                        + " order by o.nextAttemptAt", OutboxEntity.class)
                .setParameter("pending", Outbox.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED);
        if (!skip.isEmpty()) {
            InList.bind(query, "s", skip);
        }
        if (!skipRealms.isEmpty()) {
            InList.bind(query, "r", skipRealms);
        }
        List<OutboxEntity> rows = query.getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        // The locks are the database's; the entities are only read, so Hibernate need not keep and dirty-check them.
        em.clear();
        DestinationStore store = new DestinationStore(session);
        Map<String, Snapshot> destinations = new HashMap<>();
        List<OutboxEntity> taking = new ArrayList<>(rows.size());
        Map<String, Integer> taken = new HashMap<>();
        Map<String, Integer> realmTaken = new HashMap<>();
        int budget = config.maxInFlight() - requests.get();
        Map<String, List<String>> dead = new HashMap<>();
        Map<String, List<String>> later = new HashMap<>();
        for (OutboxEntity row : rows) {
            Snapshot snapshot = destinations.computeIfAbsent(row.getDestinationId(), id -> snapshot(store, row.getRealmId(), id, now, opened));
            Destination d = snapshot.destination();
            if (snapshot.error() != null) {
                later.computeIfAbsent(snapshot.error(), k -> new ArrayList<>()).add(row.getId());
                continue;
            }
            if (d == null || !d.enabled()) {
                dead.computeIfAbsent(d == null ? "destination deleted" : "destination disabled", k -> new ArrayList<>()).add(row.getId());
                continue;
            }
            AtomicInteger busy = inFlight.computeIfAbsent(d.id(), k -> new AtomicInteger());
            caps.put(d.id(), cap(d.kind()));
            int share = taken.merge(d.id(), 1, Integer::sum);
            if (busy.get() + share > cap(d.kind())) {
                continue; // left due and unclaimed: this node has enough of this destination in flight
            }
            // a webhook message is a request; a SIEM batch is one request per chunk
            int weight = d.kind() == Destination.Kind.WEBHOOK || share % HttpSinkTransport.MAX_PER_REQUEST == 1 ? 1 : 0;
            AtomicInteger realmBusy = realmRequests.computeIfAbsent(d.realmId(), k -> new AtomicInteger());
            if (weight > 0 && (realmBusy.get() + realmTaken.getOrDefault(d.realmId(), 0) >= config.realmConcurrency() || budget <= 0)) {
                taken.merge(d.id(), -1, Integer::sum);
                continue; // left due: the realm (or the node) has all it may have in flight
            }
            realmTaken.merge(d.realmId(), weight, Integer::sum);
            budget -= weight;
            taking.add(row);
        }
        // Events are read only for the messages actually taken.
        Map<String, AuditEvent> events = new AuditEventStore(session).byIds(taking.stream().map(OutboxEntity::getEventId).toList());
        List<Claimed> claimed = new ArrayList<>(taking.size());
        List<String> claimedIds = new ArrayList<>(taking.size());
        for (OutboxEntity row : taking) {
            AuditEvent event = events.get(row.getEventId());
            if (event == null) {
                dead.computeIfAbsent("event no longer exists", k -> new ArrayList<>()).add(row.getId());
                continue;
            }
            claimedIds.add(row.getId());
            claimed.add(new Claimed(new Transport.Message(row.getId(), row.getAttempts() + 1, event),
                    destinations.get(row.getDestinationId()).destination()));
        }
        dead.forEach((why, ids) -> InList.update(em, "update AUTHIO_OUTBOX set STATUS = ?, LAST_ERROR = ? where ID in ",
                List.of(Outbox.DEAD, why), ids));
        // Not an attempt: the messages wait one lease and are looked at again.
        later.forEach((why, ids) -> InList.update(em, "update AUTHIO_OUTBOX set NEXT_ATTEMPT_AT = ?, LAST_ERROR = ? where ID in ",
                List.of(now + config.lease().toMillis(), Transport.Result.truncate(why, 255)), ids));
        // One statement for the whole claim: count the attempt and hold the rows for the lease.
        InList.update(em, "update AUTHIO_OUTBOX set ATTEMPTS = ATTEMPTS + 1, NEXT_ATTEMPT_AT = ? where ID in ",
                List.of(now + config.lease().toMillis()), claimedIds);
        return claimed;
    }

    private static Snapshot snapshot(DestinationStore store, String realmId, String id, long now, OpenedSecrets opened) {
        DestinationEntity entity = store.find(realmId, id);
        if (entity == null) {
            return new Snapshot(null, null);
        }
        try {
            return new Snapshot(store.snapshot(entity, now, opened), null);
        } catch (RuntimeException e) {
            LOG.warnf("Destination %s cannot be loaded, its deliveries wait: %s", id, Transport.describe(e));
            return new Snapshot(null, "destination could not be loaded (" + Transport.describe(e) + "); will retry");
        }
    }

    private void record(KeycloakSession session, List<Claimed> claimed, Map<String, Transport.Result> results) {
        EntityManager em = RealmData.em(session);
        long now = System.currentTimeMillis();
        Map<String, DestinationOutcome> outcomes = new LinkedHashMap<>();
        List<String> delivered = new ArrayList<>();
        List<DeliveryAttemptEntity> attempts = new ArrayList<>(claimed.size());
        for (Claimed c : claimed) {
            Transport.Result r = results.get(c.message().outboxId());
            if (r == null) {
                r = Transport.Result.failed(c.message(), "no result", 0);
            }
            outcomes.computeIfAbsent(c.destination().id(), id -> new DestinationOutcome(c.destination())).add(r);
            attempts.add(attempt(c, r, now));
            if (r.delivered()) {
                delivered.add(r.outboxId());
                continue;
            }
            OutboxEntity row = em.find(OutboxEntity.class, r.outboxId());
            if (row == null || !Outbox.PENDING.equals(row.getStatus())) {
                continue;
            }
            row.setLastStatus(r.statusCode());
            row.setLastError(Transport.Result.truncate(r.error(), 255));
            Duration delay = config.retrySchedule().delayAfter(row.getAttempts(), r.retryAfter(), random);
            if (delay == null) {
                row.setStatus(Outbox.DEAD);
            } else {
                row.setNextAttemptAt(now + delay.toMillis());
            }
        }
        InList.update(em, "update AUTHIO_OUTBOX set STATUS = ?, DELIVERED_AT = ?, LAST_ERROR = null where ID in ",
                List.of(Outbox.DELIVERED, now), delivered);
        insertAttempts(em, attempts);
        for (DestinationOutcome o : outcomes.values()) {
            updateHealth(session, em, o, now);
        }
    }

    private static final String INSERT_ATTEMPTS = "insert into AUTHIO_DELIVERY_ATTEMPT (ID, REALM_ID, OUTBOX_ID, DESTINATION_ID, "
            + "ATTEMPT, ATTEMPTED_AT, SUCCEEDED, STATUS_CODE, LATENCY_MS, ERROR, RESPONSE) values ";
    private static final String ATTEMPT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows per multi-row INSERT: one statement instead of one per row is most of the database's cost of a SIEM batch. */
    private static final int ROWS_PER_INSERT = 50;

    /**
     * The attempt rows of a group, in the group's transaction: multi-row INSERTs of up to 50 rows where the database
     * takes them (PostgreSQL, MySQL, MariaDB, SQL Server), one JDBC batch of single-row INSERTs on Oracle.
     */
    private static void insertAttempts(EntityManager em, List<DeliveryAttemptEntity> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            boolean multiRow = !connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("oracle");
            int perStatement = multiRow ? ROWS_PER_INSERT : 1;
            java.sql.PreparedStatement full = null;
            try {
                for (int from = 0; from < attempts.size(); from += perStatement) {
                    List<DeliveryAttemptEntity> rows = attempts.subList(from, Math.min(attempts.size(), from + perStatement));
                    if (rows.size() == perStatement) {
                        if (full == null) {
                            full = connection.prepareStatement(INSERT_ATTEMPTS + String.join(", ", java.util.Collections.nCopies(perStatement, ATTEMPT_ROW)));
                        }
                        bindAttempts(full, rows);
                        full.addBatch();
                    } else {
                        try (java.sql.PreparedStatement rest = connection.prepareStatement(INSERT_ATTEMPTS
                                + String.join(", ", java.util.Collections.nCopies(rows.size(), ATTEMPT_ROW)))) {
                            bindAttempts(rest, rows);
                            rest.executeUpdate();
                        }
                    }
                }
                if (full != null) {
                    full.executeBatch();
                }
            } finally {
                if (full != null) {
                    full.close();
                }
            }
        });
    }

    private static void bindAttempts(java.sql.PreparedStatement ps, List<DeliveryAttemptEntity> rows) throws java.sql.SQLException {
        int p = 0;
        for (DeliveryAttemptEntity a : rows) {
            ps.setString(++p, a.getId());
            ps.setString(++p, a.getRealmId());
            ps.setString(++p, a.getOutboxId());
            ps.setString(++p, a.getDestinationId());
            ps.setInt(++p, a.getAttempt());
            ps.setLong(++p, a.getAttemptedAt());
            ps.setBoolean(++p, a.isSucceeded());
            if (a.getStatusCode() == null) {
                ps.setNull(++p, java.sql.Types.INTEGER);
            } else {
                ps.setInt(++p, a.getStatusCode());
            }
            ps.setInt(++p, a.getLatencyMs());
            ps.setString(++p, a.getError());
            ps.setString(++p, a.getResponse());
        }
    }

    private static DeliveryAttemptEntity attempt(Claimed c, Transport.Result r, long now) {
        DeliveryAttemptEntity a = new DeliveryAttemptEntity();
        a.setId(Uuid7.next());
        a.setRealmId(c.destination().realmId());
        a.setOutboxId(c.message().outboxId());
        a.setDestinationId(c.destination().id());
        a.setAttempt(c.message().attempt());
        a.setAttemptedAt(now);
        a.setSucceeded(r.delivered());
        a.setStatusCode(r.statusCode());
        a.setLatencyMs(r.latencyMs());
        a.setError(Transport.Result.truncate(r.error(), 500));
        a.setResponse(Transport.Result.truncate(r.response(), 1024));
        return a;
    }

    /** Per destination: did anything get through, did the receiver say 410. */
    private static final class DestinationOutcome {
        final Destination destination;
        final AtomicInteger delivered = new AtomicInteger();
        boolean gone;
        String lastError;

        DestinationOutcome(Destination destination) {
            this.destination = destination;
        }

        void add(Transport.Result r) {
            if (r.delivered()) {
                delivered.incrementAndGet();
            } else {
                lastError = r.error();
            }
            gone |= r.gone();
        }
    }

    private void updateHealth(KeycloakSession session, EntityManager em, DestinationOutcome o, long now) {
        if (!o.gone && o.delivered.get() > 0 && o.destination.failingSince() == null) {
            return; // healthy and still healthy: the common case needs no read of the destination row
        }
        DestinationEntity d = em.find(DestinationEntity.class, o.destination.id());
        if (d == null || !d.isEnabled()) {
            return;
        }
        if (o.gone) {
            disable(session, em, d, "the receiver answered 410 Gone", now);
        } else if (o.delivered.get() > 0) {
            if (d.getFailingSince() != null) {
                d.setFailingSince(null);
            }
        } else if (d.getFailingSince() == null) {
            d.setFailingSince(now);
        } else if (now - d.getFailingSince() > config.disableAfter().toMillis()) {
            disable(session, em, d, "deliveries failed continuously since " + java.time.Instant.ofEpochMilli(d.getFailingSince())
                    + " (last error: " + Transport.Result.truncate(o.lastError, 100) + ")", now);
        }
    }

    /** Disables a destination, dead-letters what it still had pending, and says so in the audit log. */
    static void disable(KeycloakSession session, EntityManager em, DestinationEntity d, String reason, long now) {
        d.setEnabled(false);
        d.setDisabledReason(Transport.Result.truncate(reason, 255));
        d.setUpdatedAt(now);
        em.createQuery("update OutboxEntity o set o.status = :dead, o.lastError = :why where o.destinationId = :id and o.status = :pending")
                .setParameter("dead", Outbox.DEAD)
                .setParameter("why", "destination disabled")
                .setParameter("id", d.getId())
                .setParameter("pending", Outbox.PENDING)
                .executeUpdate();
        String type = "webhook".equals(d.getKind()) ? "webhook.endpoint.disabled" : "siem.sink.disabled";
        AuditLog.of(session).recordSystem(d.getRealmId(), type, AuditEvent.Outcome.SUCCESS, "system", null, null,
                Map.of("destination_id", d.getId(), "reason", d.getDisabledReason()));
        LOG.warnf("Disabled %s %s of realm %s: %s", d.getKind(), d.getId(), d.getRealmId(), reason);
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
