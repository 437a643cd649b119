package io.authio.keycloak.risk;

import java.time.Duration;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.console.Rollup;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.store.RealmData;

/**
 * The background job behind AUTHIO_RISK_DECISION_HOURLY (rules in {@link Rollup}): once per cluster (the
 * cluster lock of {@link io.authio.keycloak.store.Background}), it counts the decisions of each settled hour
 * after the watermark per realm, kind and decision, one grouped range scan of the (KIND, CREATED_AT) index per
 * kind, and moves the watermark in the same transaction. Nothing on the sign-in path: decisions are written as
 * before and read here after their hour settled.
 */
public final class RiskRollup implements Runnable {

    static final String NAME = "authio-risk-rollup";
    /** The row of AUTHIO_RISK_ROLLUP that holds this rollup's watermark. */
    static final String STATE = "risk-decision-hourly";
    private static final int CHUNK_HOURS = 24;
    private static final Duration MAX_RUN = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(RiskRollup.class);

    private final KeycloakSessionFactory factory;
    private final Duration settle;

    RiskRollup(KeycloakSessionFactory factory, Duration settle) {
        this.factory = factory;
        this.settle = settle;
    }

    /** How long a run may take; the cluster lock is held twice as long at most. */
    static Duration maxRun() {
        return MAX_RUN;
    }

    /** Where the rollup ends (hours before it are rolled up), or null before its first run. */
    public static Long rolledUntil(EntityManager em) {
        List<?> rows = em.createNativeQuery("select ROLLED_UNTIL from AUTHIO_RISK_ROLLUP where NAME = ?1")
                .setParameter(1, STATE).getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).longValue();
    }

    @Override
    public void run() {
        long now = System.currentTimeMillis();
        long deadline = now + MAX_RUN.toMillis();
        Long rolled = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> rolledUntil(RealmData.em(s)));
        Long oldest = rolled != null ? null : KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> oldest(RealmData.em(s)));
        Long expected = rolled;
        int hours = 0;
        for (Rollup.Chunk chunk : Rollup.plan(rolled, oldest, now, settle.toMillis(), CHUNK_HOURS)) {
            Long from = expected;
            boolean done = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> roll(RealmData.em(s), chunk, from, now));
            if (!done || System.currentTimeMillis() >= deadline) {
                break;
            }
            expected = chunk.until();
            hours += (int) ((chunk.until() - chunk.from()) / Rollup.HOUR);
        }
        if (hours > 0) {
            LOG.debugf("Risk decision rollup: %d hours rolled up in %d ms", hours, System.currentTimeMillis() - now);
        }
    }

    private static Long oldest(EntityManager em) {
        Long oldest = null;
        for (String kind : Rollup.KINDS) {
            Long min = em.createQuery("select min(d.createdAt) from RiskDecisionEntity d where d.kind = :kind", Long.class)
                    .setParameter("kind", kind).getSingleResult();
            if (min != null && (oldest == null || min < oldest)) {
                oldest = min;
            }
        }
        return oldest;
    }

    /**
     * Replaces the chunk's hours of every realm and moves the watermark to its end, unless the watermark is no
     * longer where this run found it (an operator deleted it to rebuild: the next run starts over).
     */
    private static boolean roll(EntityManager em, Rollup.Chunk chunk, Long expected, long now) {
        Long current = rolledUntil(em);
        if (current == null ? expected != null : !current.equals(expected)) {
            return false;
        }
        em.createQuery("delete from RiskDecisionHourlyEntity h where h.hourStart >= :from and h.hourStart < :until")
                .setParameter("from", chunk.from()).setParameter("until", chunk.until()).executeUpdate();
        String hour = "floor(d.createdAt / " + Rollup.HOUR + ")";
        for (String kind : Rollup.KINDS) {
            for (Object[] r : em.createQuery("select d.realmId, " + hour + ", d.decision, count(d) from RiskDecisionEntity d "
                            + "where d.kind = :kind and d.createdAt >= :from and d.createdAt < :until "
                            + "group by d.realmId, " + hour + ", d.decision", Object[].class)
                    .setParameter("kind", kind).setParameter("from", chunk.from()).setParameter("until", chunk.until())
                    .getResultList()) {
                RiskDecisionHourlyEntity e = new RiskDecisionHourlyEntity();
                e.setId(Uuid7.next());
                e.setRealmId((String) r[0]);
                e.setHourStart(((Number) r[1]).longValue() * Rollup.HOUR);
                e.setKind(kind);
                e.setDecision((String) r[2]);
                e.setDecisionCount(((Number) r[3]).longValue());
                em.persist(e);
            }
        }
        int moved = em.createNativeQuery("update AUTHIO_RISK_ROLLUP set ROLLED_UNTIL = ?1, UPDATED_AT = ?2 where NAME = ?3")
                .setParameter(1, chunk.until()).setParameter(2, now).setParameter(3, STATE).executeUpdate();
        if (moved == 0) {
            em.createNativeQuery("insert into AUTHIO_RISK_ROLLUP (NAME, ROLLED_UNTIL, UPDATED_AT) values (?1, ?2, ?3)")
                    .setParameter(1, STATE).setParameter(2, chunk.until()).setParameter(3, now).executeUpdate();
        }
        return true;
    }
}
