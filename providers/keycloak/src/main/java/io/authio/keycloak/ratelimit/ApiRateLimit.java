package io.authio.keycloak.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.api.TooManyRequests;
import io.authio.core.audit.AuditEvent;
import io.authio.core.ratelimit.RateLimit;
import io.authio.keycloak.audit.AuditLog;

/**
 * Rate limits of Authio's REST APIs: a token bucket per caller (API key or administrator) and one per
 * client IP, each {@code n} requests per minute with a burst of {@code n}, enforced cluster-wide through
 * {@link RateLimiter}. A refusal is a 429 with Retry-After and raises an {@code api.rate_limited} audit
 * event (committed on its own: the refused request's transaction is rolled back).
 */
public final class ApiRateLimit {

    private ApiRateLimit() {
    }

    /**
     * @param api       short name of the API (part of the limit's name, e.g. {@code dsr})
     * @param callerKey who is calling, e.g. {@code api_key:<id>} or {@code admin:<user id>}
     */
    public static void enforce(KeycloakSession session, RealmModel realm, String api, String callerKey, int perCallerPerMinute,
            int perIpPerMinute) {
        RateLimiter limiter = new RateLimiter(session.getKeycloakSessionFactory());
        RateLimit byCaller = new RateLimit("api." + api + ".caller", perCallerPerMinute, Duration.ofMinutes(1));
        RateLimit.Decision d = limiter.check(realm.getId(), byCaller, callerKey);
        if (!d.allowed()) {
            trip(session, realm, api, "caller", callerKey, d);
        }
        String ip = ip(session);
        if (ip != null) {
            RateLimit byIp = new RateLimit("api." + api + ".ip", perIpPerMinute, Duration.ofMinutes(1));
            RateLimit.Decision di = limiter.check(realm.getId(), byIp, ip);
            if (!di.allowed()) {
                trip(session, realm, api, "ip", callerKey, di);
            }
        }
    }

    private static void trip(KeycloakSession session, RealmModel realm, String api, String scope, String callerKey,
            RateLimit.Decision d) {
        String realmId = realm.getId();
        String ip = ip(session);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("api", api);
        metadata.put("limit", scope);
        metadata.put("retry_after_ms", Long.toString(d.retryAfterMillis()));
        int colon = callerKey.indexOf(':');
        String actorType = colon > 0 ? callerKey.substring(0, colon) : "client";
        String actorId = colon > 0 ? callerKey.substring(colon + 1) : callerKey;
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            s.getContext().setRealm(s.realms().getRealm(realmId));
            AuditEvent event = new AuditEvent(io.authio.core.id.Uuid7.next(), realmId, java.time.Instant.now(), "api.rate_limited",
                    AuditEvent.Outcome.FAILURE, actorType, actorId, null, null, null, ip, null, metadata);
            AuditLog.of(s).record(event);
        });
        throw new TooManyRequests("too many requests; retry after the time in the Retry-After header", d.retryAfterMillis());
    }

    private static String ip(KeycloakSession session) {
        try {
            ClientConnection c = session.getContext().getConnection();
            return c == null ? null : c.getRemoteAddr();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
