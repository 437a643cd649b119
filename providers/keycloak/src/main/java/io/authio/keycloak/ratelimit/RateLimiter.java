package io.authio.keycloak.ratelimit;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.id.Hashing;
import io.authio.core.ratelimit.AddressKey;
import io.authio.core.ratelimit.RateLimit;
import io.authio.keycloak.store.RealmData;

/**
 * Cluster-wide rate limiting. The GCRA state of each key lives in the shared database and is advanced by
 * conditional updates, each atomic in the database, so every node sees the same budget and concurrent checks
 * of one key are each counted once. Each check runs in a transaction of its own: a counted request still
 * counts, whatever happens to the request's transaction.
 */
public final class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final int ATTEMPTS = 8;

    private final KeycloakSessionFactory factory;

    public RateLimiter(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    /** Counts one event for {@code key} under {@code limit} in the realm and says whether it may proceed. */
    public RateLimit.Decision check(String realmId, RateLimit limit, String key) {
        String id = digest(realmId + "\n" + limit.name() + "\n" + key);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                RateLimit.Decision decision = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        session -> tryOnce(RealmData.em(session), realmId, limit, id));
                if (decision != null) {
                    return decision;
                }
            } catch (PersistenceException | ModelException raced) {
                // another node inserted the same key first: read its row and try again
                LOG.debugf("rate limit %s raced on insert (attempt %d)", limit.name(), attempt);
            }
        }
        // Contention this high on one key is itself abuse: refuse rather than let it through.
        return new RateLimit.Decision(false, -1, limit.emissionIntervalMillis(), 0);
    }

    /**
     * Counts one event from a client address: an IPv4 address is its own key, an IPv6 address counts as its /64
     * ({@link AddressKey}), so rotating addresses inside one subscriber's network gains no fresh budget.
     */
    public RateLimit.Decision checkAddress(String realmId, RateLimit limit, String ip) {
        String network = AddressKey.of(ip);
        return check(realmId, limit, network != null ? network : String.valueOf(ip));
    }

    /**
     * Counts one event with conditional updates, each atomic in the database (the row lock makes concurrent
     * checks of one key wait for each other and re-read the row): parallel requests are each counted once, and
     * a refused one changes nothing. Null when the row changed between two statements: try again.
     */
    private static RateLimit.Decision tryOnce(EntityManager em, String realmId, RateLimit limit, String id) {
        long now = System.currentTimeMillis();
        long interval = limit.emissionIntervalMillis();
        // the theoretical arrival time is ahead of now: advance it, unless that exceeds the burst
        int ahead = em.createQuery("update RateLimitEntity e set e.tat = e.tat + :interval, e.expiresAt = e.tat + :interval "
                        + "where e.id = :id and e.tat >= :now and e.tat <= :latest")
                .setParameter("interval", interval).setParameter("id", id).setParameter("now", now)
                .setParameter("latest", now + limit.burstToleranceMillis())
                .executeUpdate();
        if (ahead == 1) {
            return decisionAfter(em, limit, id, now);
        }
        // it lies in the past: the key is back to a full burst
        int idle = em.createQuery("update RateLimitEntity e set e.tat = :next, e.expiresAt = :next where e.id = :id and e.tat < :now")
                .setParameter("next", now + interval).setParameter("id", id).setParameter("now", now)
                .executeUpdate();
        if (idle == 1) {
            return limit.decide(now, now);
        }
        List<Long> tat = em.createQuery("select e.tat from RateLimitEntity e where e.id = :id", Long.class)
                .setParameter("id", id).getResultList();
        if (tat.isEmpty()) {
            RateLimit.Decision d = limit.decide(now, -1);
            RateLimitEntity created = new RateLimitEntity();
            created.setId(id);
            created.setRealmId(realmId);
            created.setTat(d.newTat());
            created.setExpiresAt(d.newTat());
            em.persist(created);
            em.flush();
            return d;
        }
        RateLimit.Decision refused = limit.decide(now, tat.get(0));
        return refused.allowed() ? null : refused;
    }

    /** The decision an advanced row stands for, from its new arrival time. */
    private static RateLimit.Decision decisionAfter(EntityManager em, RateLimit limit, String id, long now) {
        long tat = em.createQuery("select e.tat from RateLimitEntity e where e.id = :id", Long.class)
                .setParameter("id", id).getSingleResult();
        return limit.decide(now, tat - limit.emissionIntervalMillis());
    }

    /** Forgets the key's history: its next event starts a full burst (e.g. failed codes after a success). */
    public void reset(String realmId, RateLimit limit, String key) {
        String id = digest(realmId + "\n" + limit.name() + "\n" + key);
        KeycloakModelUtils.runJobInTransaction(factory, session -> RealmData.em(session)
                .createQuery("delete from RateLimitEntity e where e.id = :id").setParameter("id", id).executeUpdate());
    }

    private static String digest(String value) {
        return Hashing.sha256Hex(value);
    }
}
