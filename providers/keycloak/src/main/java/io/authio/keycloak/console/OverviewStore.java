package io.authio.keycloak.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;

import io.authio.core.console.Overview;
import io.authio.core.console.Rollup;
import io.authio.core.risk.Signal;
import io.authio.keycloak.risk.RiskRollup;
import io.authio.keycloak.store.RealmData;

/**
 * The overview's aggregate reads: grouped queries on the hourly rollup and on the realm/time indexes, and a bounded
 * sample for the signals, never a read of every row in the window: the page stays fast with hundreds of thousands
 * of rows.
 * Nothing here is written, and nothing runs on the sign-in path.
 */
final class OverviewStore {

    private final EntityManager em;

    OverviewStore(KeycloakSession session) {
        this.em = RealmData.em(session);
    }

    /**
     * Sign-ins (kind login) per bucket and decision: the settled hours from the hourly rollup, the rest (the last
     * hour or so, or everything before the rollup's first run) from the rows, split at the rollup's watermark so
     * each decision is counted once. Both are range scans of at most a few thousand index entries whatever the
     * window holds.
     */
    List<Overview.Count> signIns(String realmId, Overview.Window w) {
        long split = Rollup.split(w, RiskRollup.rolledUntil(em));
        // the bucket width is a literal so the select and group-by expressions are the same SQL
        String hourly = "floor(h.hourStart / " + w.bucketMillis() + ")";
        List<Object[]> rows = new ArrayList<>(em.createQuery("select " + hourly + ", h.decision, sum(h.decisionCount) "
                        + "from RiskDecisionHourlyEntity h where h.realmId = :realm and h.hourStart >= :since and h.hourStart < :split "
                        + "and h.kind = 'login' group by " + hourly + ", h.decision", Object[].class)
                .setParameter("realm", realmId).setParameter("since", w.since()).setParameter("split", split)
                .getResultList());
        String bucket = "floor(d.createdAt / " + w.bucketMillis() + ")";
        rows.addAll(em.createQuery("select " + bucket + ", d.decision, count(d) from RiskDecisionEntity d "
                        + "where d.realmId = :realm and d.createdAt >= :since and d.createdAt < :until and d.kind = 'login' "
                        + "group by " + bucket + ", d.decision", Object[].class)
                .setParameter("realm", realmId).setParameter("since", split).setParameter("until", w.until())
                .getResultList());
        List<Overview.Count> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Overview.Count(((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue()));
        }
        return out;
    }

    /**
     * How often each signal fired, counted over the newest {@code sample} decisions of the window (one index range
     * scan, newest first): the explanation is JSON, so counting a whole busy window would read
     * every row. The answer says how many decisions were counted and whether that was all of them.
     */
    SignalCounts signalCounts(String realmId, Overview.Window w, int sample) {
        List<String> rows = em.createQuery("select d.signals from RiskDecisionEntity d where d.realmId = :realm "
                        + "and d.createdAt >= :since and d.createdAt < :until order by d.createdAt desc", String.class)
                .setParameter("realm", realmId).setParameter("since", w.since()).setParameter("until", w.until())
                .setMaxResults(sample + 1)
                .getResultList();
        boolean complete = rows.size() <= sample;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Signal s : Signal.values()) {
            counts.put(s.id(), 0L);
        }
        int counted = 0;
        for (String json : complete ? rows : rows.subList(0, sample)) {
            counted++;
            for (String fired : Overview.firedSignals(json)) {
                counts.computeIfPresent(fired, (k, v) -> v + 1);
            }
        }
        return new SignalCounts(counts, counted, complete);
    }

    record SignalCounts(Map<String, Long> counts, int decisions, boolean complete) {
    }

    /** Every webhook endpoint and SIEM sink with its pending and dead-lettered deliveries. */
    List<Map<String, Object>> deliveryHealth(String realmId) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Object[] r : em.createQuery("select o.destinationId, o.status, count(o) from OutboxEntity o where o.realmId = :realm "
                        + "and o.status in ('pending', 'dead') group by o.destinationId, o.status", Object[].class)
                .setParameter("realm", realmId).getResultList()) {
            long[] c = counts.computeIfAbsent((String) r[0], k -> new long[2]);
            c["pending".equals(r[1]) ? 0 : 1] += ((Number) r[2]).longValue();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] r : em.createQuery("select d.id, d.kind, d.url, d.description, d.enabled, d.failingSince, d.disabledReason "
                + "from DestinationEntity d where d.realmId = :realm order by d.createdAt", Object[].class)
                .setParameter("realm", realmId).getResultList()) {
            long[] c = counts.getOrDefault((String) r[0], new long[2]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("kind", "webhook".equals(r[1]) ? "webhook" : "siem_sink");
            m.put("url", r[2]);
            m.put("description", r[3]);
            m.put("enabled", r[4]);
            m.put("failing_since", r[5] == null ? null : java.time.Instant.ofEpochMilli(((Number) r[5]).longValue()).toString());
            m.put("disabled_reason", r[6]);
            m.put("pending", c[0]);
            m.put("dead", c[1]);
            out.add(m);
        }
        return out;
    }

    /** Open data-subject requests: how many, how many due within {@code soonMillis}, how many overdue, the next due. */
    Map<String, Object> dsrs(String realmId, long now, long soonMillis) {
        Object[] r = em.createQuery("select count(d), sum(case when d.dueAt < :now then 1 else 0 end), "
                        + "sum(case when d.dueAt >= :now and d.dueAt < :soon then 1 else 0 end), min(d.dueAt) "
                        + "from DsrEntity d where d.realmId = :realm and d.status in ('pending', 'in_progress')", Object[].class)
                .setParameter("realm", realmId).setParameter("now", now).setParameter("soon", now + soonMillis)
                .getSingleResult();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", r[0] == null ? 0L : ((Number) r[0]).longValue());
        m.put("overdue", r[1] == null ? 0L : ((Number) r[1]).longValue());
        m.put("due_within_7_days", r[2] == null ? 0L : ((Number) r[2]).longValue());
        m.put("next_due_at", r[3] == null ? null : java.time.Instant.ofEpochMilli(((Number) r[3]).longValue()).toString());
        return m;
    }
}
