package io.authio.keycloak.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.api.TooManyRequests;
import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.core.ratelimit.AddressKey;
import io.authio.core.ratelimit.ApiLimits;
import io.authio.core.ratelimit.RateLimit;
import io.authio.keycloak.audit.AuditLog;

/**
 * The one place Authio's HTTP APIs are rate-limited, cluster-wide through {@link RateLimiter}. Budgets key on what
 * a stranger cannot present: the authenticated caller (API key, administrator, client or user) per API, and, for
 * rejected API keys, the client network. A refusal is a 429 with Retry-After and an {@code api.rate_limited}
 * audit event committed on its own (the refused request's transaction is rolled back).
 */
public final class ApiRateLimit {

    /** Over-budget key rejections are audited at most this often per network: the refusals must not flood the log. */
    private static final RateLimit REFUSAL_AUDIT = new RateLimit("api-key.rejected.audit", 1, Duration.ofMinutes(1));
    /** Rate-limit rows that are no realm's: the server-wide budget of a client network. */
    static final String SERVER_WIDE = "*";

    private ApiRateLimit() {
    }

    /**
     * Counts one call of an authenticated caller to an API of the realm. The budget belongs to the caller as used
     * through one client ({@code clientId}, null for API keys): an app a user or administrator also signed in to
     * cannot spend what their other clients have. The realm's attributes {@code authio.api.requests-per-minute}
     * and {@code authio.<api>.requests-per-minute} may lower the operator's limit, never raise it.
     *
     * @throws TooManyRequests over the limit
     */
    public static void enforce(KeycloakSession session, RealmModel realm, String api, String actorType, String actorId,
            String clientId) {
        RateLimit limit = limits(session.getKeycloakSessionFactory()).perCaller(api, realm.getAttribute(ApiLimits.REALM_ATTRIBUTE),
                realm.getAttribute("authio." + api + ".requests-per-minute"));
        RateLimit.Decision d = new RateLimiter(session.getKeycloakSessionFactory()).check(realm.getId(), limit,
                actorType + ":" + actorId + (clientId == null ? "" : "@" + clientId));
        if (!d.allowed()) {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("api", api);
            metadata.put("limit", "caller");
            metadata.put("retry_after_ms", Long.toString(d.retryAfterMillis()));
            auditApart(session.getKeycloakSessionFactory(), realm.getId(), actorType, actorId, ip(session), metadata);
            throw tooMany(d);
        }
    }

    /**
     * Counts one rejected API key from a client network. Returns the refusal to answer with instead of the
     * rejection when the network is over its budget, else null. Valid keys are never counted, so a stranger's
     * guesses from a shared network never stop a key's holder.
     */
    public static TooManyRequests rejectedApiKey(KeycloakSessionFactory factory, String realmId, String ip) {
        String network = AddressKey.of(ip);
        if (network == null) {
            return null;
        }
        RateLimiter limiter = new RateLimiter(factory);
        RateLimit.Decision d = limiter.checkAddress(SERVER_WIDE, limits(factory).failedApiKeys(), ip);
        if (d.allowed()) {
            return null;
        }
        if (realmId != null && limiter.checkAddress(SERVER_WIDE, REFUSAL_AUDIT, ip).allowed()) {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("api", "api-key");
            metadata.put("limit", "network");
            metadata.put("network", network);
            metadata.put("retry_after_ms", Long.toString(d.retryAfterMillis()));
            auditApart(factory, realmId, "anonymous", null, ip, metadata);
        }
        return tooMany(d);
    }

    static ApiLimits limits(KeycloakSessionFactory factory) {
        var f = factory.getProviderFactory(ApiLimitsProvider.class);
        return f instanceof DefaultApiLimitsProviderFactory d ? d.limits() : ApiLimits.DEFAULTS;
    }

    private static TooManyRequests tooMany(RateLimit.Decision d) {
        return new TooManyRequests("too many requests; retry after the time in the Retry-After header", d.retryAfterMillis());
    }

    private static void auditApart(KeycloakSessionFactory factory, String realmId, String actorType, String actorId, String ip,
            Map<String, String> metadata) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            s.getContext().setRealm(s.realms().getRealm(realmId));
            AuditLog.of(s).record(new AuditEvent(Uuid7.next(), realmId, Instant.now(), "api.rate_limited", AuditEvent.Outcome.FAILURE,
                    actorType, actorId, null, null, null, ip, null, metadata));
        });
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
