package io.authio.keycloak.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.ratelimit.RateLimit;
import io.authio.keycloak.store.RealmData;

/**
 * Cluster-wide rate limiting. The GCRA state of each key lives in the shared database and is advanced
 * with a compare-and-set update, so every node sees the same budget and no lock is held. Each check runs
 * in a transaction of its own: a refused or failed request still counts, whatever happens to the
 * request's transaction.
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

    /** Null when another node changed the row between read and write. */
    private static RateLimit.Decision tryOnce(EntityManager em, String realmId, RateLimit limit, String id) {
        long now = System.currentTimeMillis();
        RateLimitEntity row = em.find(RateLimitEntity.class, id);
        if (row == null) {
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
        RateLimit.Decision d = limit.decide(now, row.getTat());
        if (!d.allowed()) {
            return d;
        }
        int updated = em.createQuery("update RateLimitEntity e set e.tat = :newTat, e.expiresAt = :newTat "
                        + "where e.id = :id and e.tat = :oldTat")
                .setParameter("newTat", d.newTat())
                .setParameter("id", id)
                .setParameter("oldTat", row.getTat())
                .executeUpdate();
        return updated == 1 ? d : null;
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
