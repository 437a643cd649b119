package io.authio.keycloak.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;

import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

import io.authio.core.audit.AuditEvent;
import io.authio.keycloak.audit.AuditEventStore;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.store.InList;
import io.authio.keycloak.store.RealmData;

/**
 * The outbox's rows as the dispatcher reads and writes them, in the caller's transaction: the claim's locking read, its
 * lease, dead-letters and postponements, the outcome of attempts (delivered marks, retries, attempt rows) and the
 * destination health writes. Hot-path writes are plain JDBC statements with padded {@code IN} lists (see {@link InList});
 * where databases differ (multi-row INSERTs) the product is asked once per connection.
 */
final class OutboxRepository {

    private static final Logger LOG = Logger.getLogger(OutboxRepository.class);
    /** Hibernate's value for "lock timeout: skip locked rows" (LockOptions.SKIP_LOCKED). */
    private static final int SKIP_LOCKED = -2;

    /** One row of an attempt: of one message, or (outboxId null) of a SIEM request that delivered {@code messages} messages. */
    record Attempt(String id, String realmId, String outboxId, String destinationId, int attempt, long attemptedAt, boolean succeeded,
            Integer statusCode, int latencyMs, String error, String response, Integer messages) {
    }

    private final KeycloakSession session;
    private final EntityManager em;

    OutboxRepository(KeycloakSession session) {
        this.session = session;
        this.em = RealmData.em(session);
    }

    /**
     * Locks and returns due pending messages, oldest due first, skipping rows another node has locked and the listed
     * destinations and realms (saturated on this node). The rows are detached: the locks are the database's, and every
     * write of the claim is an explicit statement, so Hibernate neither flushes before queries nor dirty-checks them.
     */
    List<OutboxEntity> lockDue(Collection<String> skipDestinations, Collection<String> skipRealms, int limit, long now) {
        em.setFlushMode(FlushModeType.COMMIT);
        List<String> skip = List.copyOf(skipDestinations);
        List<String> skipR = List.copyOf(skipRealms);
        var query = em.createQuery("select o from OutboxEntity o where o.status = :pending and o.nextAttemptAt <= :now"
                        + (skip.isEmpty() ? "" : " and o.destinationId not in (" + InList.params("s", skip.size()) + ")")
                        + (skipR.isEmpty() ? "" : " and o.realmId not in (" + InList.params("r", skipR.size()) + ")")
                        + " order by o.nextAttemptAt", OutboxEntity.class)
                .setParameter("pending", Outbox.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED);
        if (!skip.isEmpty()) {
            InList.bind(query, "s", skip);
        }
        if (!skipR.isEmpty()) {
            InList.bind(query, "r", skipR);
        }
        List<OutboxEntity> rows = query.getResultList();
        em.clear();
        return rows;
    }

    /** The events of the messages, by id (an event erased or purged meanwhile is missing). */
    Map<String, AuditEvent> events(List<String> eventIds) {
        return new AuditEventStore(session).byIds(eventIds);
    }

    /** Holds claimed messages for the lease and counts their attempt: one statement for the whole claim. */
    void lease(List<String> ids, long until) {
        InList.update(em, "update AUTHIO_OUTBOX set ATTEMPTS = ATTEMPTS + 1, NEXT_ATTEMPT_AT = ? where ID in ", List.of(until), ids);
    }

    /** Dead-letters messages without an attempt. */
    void deadLetter(List<String> ids, String reason) {
        InList.update(em, "update AUTHIO_OUTBOX set STATUS = ?, LAST_ERROR = ? where ID in ", List.of(Outbox.DEAD, reason), ids);
    }

    /** Leaves messages pending until {@code until} without counting an attempt. */
    void postpone(List<String> ids, long until, String reason) {
        InList.update(em, "update AUTHIO_OUTBOX set NEXT_ATTEMPT_AT = ?, LAST_ERROR = ? where ID in ",
                List.of(until, Transport.Result.truncate(reason, 255)), ids);
    }

    /**
     * Marks messages delivered; {@code deliveredBy} is the attempt row of the SIEM request that carried them (null when
     * each has its own row).
     */
    void delivered(List<String> ids, long now, String deliveredBy) {
        if (deliveredBy == null) {
            InList.update(em, "update AUTHIO_OUTBOX set STATUS = ?, DELIVERED_AT = ?, LAST_ERROR = null where ID in ",
                    List.of(Outbox.DELIVERED, now), ids);
        } else {
            InList.update(em, "update AUTHIO_OUTBOX set STATUS = ?, DELIVERED_AT = ?, DELIVERED_BY = ?, LAST_ERROR = null where ID in ",
                    List.of(Outbox.DELIVERED, now, deliveredBy), ids);
        }
    }

    /**
     * Records a failed attempt on a message still pending (one a disable or deletion dead-lettered meanwhile stays as
     * it is): due again when {@code next} says, given the attempts the row counts, or dead when it says null.
     */
    void failed(String id, Integer statusCode, String error, IntFunction<Long> next) {
        OutboxEntity row = em.find(OutboxEntity.class, id);
        if (row == null || !Outbox.PENDING.equals(row.getStatus())) {
            return;
        }
        row.setLastStatus(statusCode);
        row.setLastError(Transport.Result.truncate(error, 255));
        Long nextAttemptAt = next.apply(row.getAttempts());
        if (nextAttemptAt == null) {
            row.setStatus(Outbox.DEAD);
        } else {
            row.setNextAttemptAt(nextAttemptAt);
        }
    }

    private static final String INSERT_ATTEMPTS = "insert into AUTHIO_DELIVERY_ATTEMPT (ID, REALM_ID, OUTBOX_ID, DESTINATION_ID, "
            + "ATTEMPT, ATTEMPTED_AT, SUCCEEDED, STATUS_CODE, LATENCY_MS, ERROR, RESPONSE, MESSAGES) values ";
    private static final String ATTEMPT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows per multi-row INSERT: one statement instead of one per row is most of the database's cost of many rows. */
    private static final int ROWS_PER_INSERT = 50;

    /**
     * Writes attempt rows: multi-row INSERTs of up to 50 rows where the database takes them (PostgreSQL, MySQL, MariaDB,
     * H2, SQL Server), one JDBC batch of single-row INSERTs on Oracle.
     */
    void insertAttempts(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            int perStatement = multiRowInserts(connection) ? ROWS_PER_INSERT : 1;
            PreparedStatement full = null;
            try {
                for (int from = 0; from < attempts.size(); from += perStatement) {
                    List<Attempt> rows = attempts.subList(from, Math.min(attempts.size(), from + perStatement));
                    if (rows.size() == perStatement) {
                        if (full == null) {
                            full = connection.prepareStatement(INSERT_ATTEMPTS + String.join(", ", Collections.nCopies(perStatement, ATTEMPT_ROW)));
                        }
                        bind(full, rows);
                        full.addBatch();
                    } else {
                        try (PreparedStatement rest = connection.prepareStatement(INSERT_ATTEMPTS
                                + String.join(", ", Collections.nCopies(rows.size(), ATTEMPT_ROW)))) {
                            bind(rest, rows);
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

    private static boolean multiRowInserts(Connection connection) throws SQLException {
        return !connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("oracle");
    }

    private static void bind(PreparedStatement ps, List<Attempt> rows) throws SQLException {
        int p = 0;
        for (Attempt a : rows) {
            ps.setString(++p, a.id());
            ps.setString(++p, a.realmId());
            ps.setString(++p, a.outboxId());
            ps.setString(++p, a.destinationId());
            ps.setInt(++p, a.attempt());
            ps.setLong(++p, a.attemptedAt());
            ps.setBoolean(++p, a.succeeded());
            setInt(ps, ++p, a.statusCode());
            ps.setInt(++p, a.latencyMs());
            ps.setString(++p, a.error());
            ps.setString(++p, a.response());
            setInt(ps, ++p, a.messages());
        }
    }

    private static void setInt(PreparedStatement ps, int p, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(p, Types.INTEGER);
        } else {
            ps.setInt(p, value);
        }
    }

    /**
     * A delivery's attempt log, oldest first: its own rows, and the row of the SIEM request that delivered it with
     * its batch (numbered as the message's last attempt).
     */
    static List<DeliveryAttemptEntity> attemptLog(EntityManager em, OutboxEntity o) {
        List<DeliveryAttemptEntity> log = new ArrayList<>(em.createQuery(
                "select a from DeliveryAttemptEntity a where a.outboxId = :id order by a.attempt", DeliveryAttemptEntity.class)
                .setParameter("id", o.getId()).getResultList());
        if (o.getDeliveredBy() != null) {
            DeliveryAttemptEntity batch = em.find(DeliveryAttemptEntity.class, o.getDeliveredBy());
            if (batch != null) {
                em.detach(batch);
                batch.setAttempt(o.getAttempts());
                log.add(batch);
            }
        }
        return log;
    }

    /** The destination row, for a health change (null when deleted). */
    DestinationEntity destination(String id) {
        return em.find(DestinationEntity.class, id);
    }

    /** Disables a destination, dead-letters what it still had pending, and says so in the audit log. */
    static void disable(KeycloakSession session, DestinationEntity d, String reason, long now) {
        d.setEnabled(false);
        d.setDisabledReason(Transport.Result.truncate(reason, 255));
        d.setUpdatedAt(now);
        RealmData.em(session).createQuery("update OutboxEntity o set o.status = :dead, o.lastError = :why "
                        + "where o.destinationId = :id and o.status = :pending")
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

    /** Of the given destinations, those that still exist and are enabled (to release what this node holds for the others). */
    List<String> enabled(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 256) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 256));
            out.addAll(InList.bind(em.createQuery("select d.id from DestinationEntity d where d.enabled = true and d.id in ("
                    + InList.params("id", chunk.size()) + ")", String.class), "id", chunk).getResultList());
        }
        return out;
    }
}
