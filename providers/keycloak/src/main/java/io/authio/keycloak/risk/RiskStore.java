package io.authio.keycloak.risk;

import java.util.List;
import java.util.Locale;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;

import io.authio.core.id.Hashing;
import io.authio.core.id.Uuid7;
import io.authio.core.risk.FailureOrigins;
import io.authio.core.risk.RiskProfile;
import io.authio.keycloak.store.RealmData;

/** The risk engine's rows. Every query is scoped by realm. */
public final class RiskStore {

    public static final String KIND_LOGIN = "login";
    public static final String KIND_FAILED = "failed_attempt";

    private final EntityManager em;

    public RiskStore(KeycloakSession session) {
        this.em = RealmData.em(session);
    }

    public static String usernameDigest(String realmId, String username) {
        return username == null ? null : Hashing.sha256Hex(realmId + "\n" + username.toLowerCase(Locale.ROOT));
    }

    public long failuresForUser(String realmId, String userId, long since) {
        return em.createQuery("select count(d) from RiskDecisionEntity d where d.realmId = :realm and d.userId = :user "
                        + "and d.kind = :kind and d.createdAt >= :since", Long.class)
                .setParameter("realm", realmId).setParameter("user", userId).setParameter("kind", KIND_FAILED)
                .setParameter("since", since).getSingleResult();
    }

    /**
     * The user's failures since {@code since}, grouped by address and by whether they came with one of the
     * user's devices; the {@code max} largest groups (a stranger rotating addresses makes many small ones).
     */
    public List<FailureOrigins.Group> failureGroupsForUser(String realmId, String userId, long since, int max) {
        List<Object[]> rows = em.createQuery("select d.ip, d.deviceId, count(d) from RiskDecisionEntity d where d.realmId = :realm "
                        + "and d.userId = :user and d.kind = :kind and d.createdAt >= :since group by d.ip, d.deviceId "
                        + "order by count(d) desc", Object[].class)
                .setParameter("realm", realmId).setParameter("user", userId).setParameter("kind", KIND_FAILED)
                .setParameter("since", since).setMaxResults(max).getResultList();
        return rows.stream().map(r -> new FailureOrigins.Group((String) r[0], r[1] != null, ((Number) r[2]).longValue())).toList();
    }

    public long failuresFromIp(String realmId, String ip, long since) {
        return em.createQuery("select count(d) from RiskDecisionEntity d where d.realmId = :realm and d.ip = :ip "
                        + "and d.kind = :kind and d.createdAt >= :since", Long.class)
                .setParameter("realm", realmId).setParameter("ip", ip).setParameter("kind", KIND_FAILED)
                .setParameter("since", since).getSingleResult();
    }

    public long distinctUsernamesFromIp(String realmId, String ip, long since) {
        return em.createQuery("select count(distinct d.usernameDigest) from RiskDecisionEntity d where d.realmId = :realm "
                        + "and d.ip = :ip and d.kind = :kind and d.createdAt >= :since", Long.class)
                .setParameter("realm", realmId).setParameter("ip", ip).setParameter("kind", KIND_FAILED)
                .setParameter("since", since).getSingleResult();
    }

    public void insert(RiskDecisionEntity decision) {
        em.persist(decision);
    }

    public RiskDecisionEntity decision(String realmId, String id) {
        RiskDecisionEntity d = id == null ? null : em.find(RiskDecisionEntity.class, id);
        return d != null && d.getRealmId().equals(realmId) ? d : null;
    }

    public DeviceEntity device(String realmId, String userId, String tokenDigest) {
        List<DeviceEntity> rows = em.createQuery("select d from DeviceEntity d where d.realmId = :realm and d.userId = :user "
                        + "and d.tokenDigest = :digest", DeviceEntity.class)
                .setParameter("realm", realmId).setParameter("user", userId).setParameter("digest", tokenDigest)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<DeviceEntity> devices(String realmId, String userId) {
        return em.createQuery("select d from DeviceEntity d where d.realmId = :realm and d.userId = :user "
                        + "order by d.lastSeen desc", DeviceEntity.class)
                .setParameter("realm", realmId).setParameter("user", userId).setMaxResults(200).getResultList();
    }

    /** Deletes one of the user's devices; false when it is not theirs or does not exist. */
    public boolean revokeDevice(String realmId, String userId, String deviceId) {
        return em.createQuery("delete from DeviceEntity d where d.realmId = :realm and d.userId = :user and d.id = :id")
                .setParameter("realm", realmId).setParameter("user", userId).setParameter("id", deviceId)
                .executeUpdate() == 1;
    }

    /** Creates or refreshes the device row; returns true when the device is new for the user. */
    public boolean seeDevice(String realmId, String userId, String tokenDigest, String label, String ip, String country, long now) {
        DeviceEntity d = device(realmId, userId, tokenDigest);
        boolean created = d == null;
        if (created) {
            d = new DeviceEntity();
            d.setId(Uuid7.next());
            d.setRealmId(realmId);
            d.setUserId(userId);
            d.setTokenDigest(tokenDigest);
            d.setFirstSeen(now);
        }
        d.setLabel(label);
        d.setLastSeen(now);
        d.setLastIp(ip);
        d.setLastCountry(country);
        if (created) {
            em.persist(d);
        }
        return created;
    }

    public RiskProfile profile(String realmId, String userId) {
        RiskProfileEntity p = em.find(RiskProfileEntity.class, userId);
        return p == null || !p.getRealmId().equals(realmId) ? RiskProfile.empty() : RiskProfile.fromJson(p.getProfile());
    }

    public void saveProfile(String realmId, String userId, RiskProfile profile, long now) {
        RiskProfileEntity p = em.find(RiskProfileEntity.class, userId);
        if (p == null) {
            p = new RiskProfileEntity();
            p.setId(userId);
            p.setRealmId(realmId);
            p.setUserId(userId);
            p.setProfile(profile.toJson());
            p.setUpdatedAt(now);
            em.persist(p);
        } else if (p.getRealmId().equals(realmId)) {
            p.setProfile(profile.toJson());
            p.setUpdatedAt(now);
        }
    }

    public StepUpChallengeEntity createChallenge(String realmId, String userId, String decisionId, long now) {
        StepUpChallengeEntity c = new StepUpChallengeEntity();
        c.setId(Uuid7.next());
        c.setRealmId(realmId);
        c.setUserId(userId);
        c.setDecisionId(decisionId);
        c.setStatus("pending");
        c.setCreatedAt(now);
        em.persist(c);
        return c;
    }

    /** The newest login decision of an authentication session that has not finished yet, or null. */
    public RiskDecisionEntity pendingLogin(String realmId, String sessionId) {
        List<RiskDecisionEntity> rows = em.createQuery("select d from RiskDecisionEntity d where d.realmId = :realm "
                        + "and d.sessionId = :session and d.kind = :kind and d.outcome = 'pending' order by d.createdAt desc",
                        RiskDecisionEntity.class)
                .setParameter("realm", realmId).setParameter("session", sessionId).setParameter("kind", KIND_LOGIN)
                .setMaxResults(1).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The decision's challenge that is still open (pending, or failed and retried). */
    public StepUpChallengeEntity pendingChallenge(String realmId, String decisionId) {
        List<StepUpChallengeEntity> rows = em.createQuery("select c from StepUpChallengeEntity c where c.realmId = :realm "
                        + "and c.decisionId = :decision and c.status in ('pending', 'failed') order by c.createdAt desc", StepUpChallengeEntity.class)
                .setParameter("realm", realmId).setParameter("decision", decisionId).setMaxResults(1).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<StepUpChallengeEntity> challengesOf(String realmId, List<String> decisionIds) {
        if (decisionIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select c from StepUpChallengeEntity c where c.realmId = :realm and c.decisionId in :ids",
                        StepUpChallengeEntity.class)
                .setParameter("realm", realmId).setParameter("ids", decisionIds).getResultList();
    }
}
