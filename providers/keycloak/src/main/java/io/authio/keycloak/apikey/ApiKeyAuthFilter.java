package io.authio.keycloak.apikey;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.util.TokenUtil;
import org.keycloak.models.KeycloakSessionFactory;

import io.authio.core.DomainException;
import io.authio.core.apikey.ApiKeys;
import io.authio.core.apikey.KeyUse;
import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.core.ratelimit.ApiLimits;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.ApiKeyPrincipal;
import io.authio.keycloak.ratelimit.ApiRateLimit;
import io.authio.keycloak.store.RealmData;

/**
 * Accepts Authio API keys ({@code Authorization: Bearer sk_live_...}) on Authio's admin API
 * ({@code /admin/realms/{realm}/authio/...}) beside normal admin bearer tokens. The key is verified
 * (constant-time digest comparison, revocation, expiry, realm, scope for the resource); then the request
 * continues with a 60-second access token of the key's service account, so Keycloak's own admin
 * authentication and permission checks apply unchanged and the key carries exactly the roles of its
 * service account. The token names the key (claim {@code authio_api_key}), so Authio's resources know
 * the caller is a key and which scopes it has. Wrong, revoked and expired keys get the same 401, with
 * no hint which.
 *
 * <p>Pre-matching: it must run before Keycloak's admin root authenticates the bearer token. At that point
 * the request has no Keycloak session yet, so the filter works in a short transaction of its own, on a worker
 * thread (suspending the request through Quarkus REST, the one non-Keycloak API used here: pre-matching filters
 * run on the event loop and JAX-RS has no standard way to suspend a filter).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthFilter.class);
    private static final Pattern AUTHIO_PATH = Pattern.compile("^/?admin/realms/([^/]+)/authio(?:/(.*))?$");
    private static final int TOKEN_LIFETIME_SECONDS = 60;

    /** Set when Keycloak starts (the factory outlives every request; this is not request state). */
    private static volatile KeycloakSessionFactory factory;

    public ApiKeyAuthFilter() {
        LOG.debug("Authio API key filter registered");
    }

    static void start(KeycloakSessionFactory sessionFactory) {
        factory = sessionFactory;
    }

    /**
     * The filter's verdict: a replacement bearer token, or an error to answer with and what the audit event says
     * about it (why, and which key when the presented secret matched one; never the secret).
     */
    private record Verdict(String token, DomainException error, String realmId, String keyId, String keyName, String reason,
            boolean touch) {

        static Verdict refused(KeyUse.Refusal refusal, String realmId, ApiKeyEntity key) {
            return new Verdict(null, refusal.error(), realmId, key == null ? null : key.getId(), key == null ? null : key.getName(),
                    refusal.reason().value(), false);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() < 10 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        String bearer = authorization.substring(7).trim();
        if (!ApiKeys.looksLikeKey(bearer)) {
            return;
        }
        Matcher m = AUTHIO_PATH.matcher(request.getUriInfo().getPath());
        if (!m.matches()) {
            return; // Keycloak's own endpoints never accept API keys: they answer 401 to one as to any bad token
        }
        LOG.debugf("API key presented for %s", request.getUriInfo().getPath());
        KeycloakSessionFactory f = factory;
        if (f == null) {
            request.abortWith(Api.error(DomainException.unauthenticated("invalid API key")));
            return;
        }
        String ip = clientAddress(request);
        // Pre-matching filters run on the Vert.x event loop, which serves every other connection of its thread: the
        // check reads the database and signs a token, so the request is suspended and checked on a worker thread.
        if (Context.isOnEventLoopThread() && Vertx.currentContext() != null
                && request instanceof ResteasyReactiveContainerRequestContext suspendable) {
            suspendable.suspend();
            Vertx.currentContext().executeBlocking(() -> {
                authenticate(f, request, m.group(1), m.group(2), bearer, ip);
                return null;
            }, false).onComplete(done -> {
                if (done.failed()) {
                    LOG.warnf("API key authentication failed: %s", done.cause().toString());
                    request.abortWith(Api.error(DomainException.unauthenticated("invalid API key")));
                }
                suspendable.resume();
            });
            return;
        }
        authenticate(f, request, m.group(1), m.group(2), bearer, ip);
    }

    /**
     * The client address as Keycloak sees it: the HTTP server request's remote address, which Quarkus rewrites from
     * the forwarded headers Keycloak's {@code proxy-headers} option trusts (Keycloak's own client connection reads
     * the same). There is no Keycloak session yet before matching.
     */
    private static String clientAddress(ContainerRequestContext request) {
        try {
            if (request instanceof ResteasyReactiveContainerRequestContext c
                    && c.getServerRequestContext() instanceof ResteasyReactiveRequestContext r) {
                HttpServerRequest http = r.serverRequest().unwrap(HttpServerRequest.class);
                SocketAddress address = http == null ? null : http.remoteAddress();
                if (address != null) {
                    return address.hostAddress() != null ? address.hostAddress() : address.host();
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("no client address for the API key check: %s", e.toString());
        }
        return null;
    }

    /**
     * Verifies the key and either swaps the bearer for a service-account token or aborts the request. A rejection
     * counts against the client network's budget (over it: 429) and is audited by the key's prefix.
     */
    private static void authenticate(KeycloakSessionFactory f, ContainerRequestContext request, String realmName, String path, String bearer,
            String ip) {
        java.net.URI requestBase = request.getUriInfo().getBaseUri();
        Verdict verdict;
        try {
            verdict = KeycloakModelUtils.runJobInTransactionWithResult(f,
                    s -> verify(s, realmName, path, bearer, requestBase));
        } catch (RuntimeException e) {
            LOG.warnf("API key authentication failed: %s", e.toString());
            verdict = Verdict.refused(KeyUse.invalid(), null, null);
        }
        if (verdict.error() != null) {
            DomainException limited = ApiRateLimit.rejectedApiKey(f, verdict.realmId(), ip);
            if (limited == null && verdict.realmId() != null) {
                audit(f, verdict, ApiKeys.prefixOf(bearer), path, ip);
            }
            request.abortWith(Api.error(limited != null ? limited : verdict.error()));
            return;
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + verdict.token());
        if (verdict.touch()) {
            touch(f, verdict.keyId(), System.currentTimeMillis());
        }
    }

    private static Verdict verify(KeycloakSession session, String realmName, String path, String bearer, java.net.URI requestBase) {
        RealmModel realm = session.realms().getRealmByName(realmName);
        if (realm != null) {
            session.getContext().setRealm(realm);
        }
        Optional<ApiKeys.Presented> presented = ApiKeys.parse(bearer);
        ApiKeyEntity key = realm == null || presented.isEmpty() ? null : lookup(session, realm, presented.get());
        // one digest comparison whether or not a row was found
        boolean valid = presented.isPresent() && ApiKeys.matches(presented.get(), key == null ? null : key.getDigest());
        long now = System.currentTimeMillis();
        String realmId = realm == null ? null : realm.getId();
        KeyUse.StoredKey stored = key == null ? null : new KeyUse.StoredKey(key.getRealmId(), key.getRevokedAt(), key.getExpiresAt(), key.getScopes());
        Optional<KeyUse.Refusal> refusal = KeyUse.check(valid, stored, realmId, path, now);
        if (refusal.isPresent()) {
            // the audit event names the key only when the presented secret matched it
            return Verdict.refused(refusal.get(), realmId, refusal.get().reason() == KeyUse.Reason.INVALID ? null : key);
        }
        Set<String> scopes = stored.scopeSet();
        ClientModel client = realm.getClientById(key.getClientId());
        UserModel serviceAccount = client == null || !client.isEnabled() || !client.isServiceAccountsEnabled() ? null
                : session.users().getServiceAccount(client);
        if (serviceAccount == null || !serviceAccount.isEnabled()) {
            return Verdict.refused(KeyUse.disabled(), realmId, key);
        }
        session.getContext().setClient(client);
        String token = mint(session, realm, client, serviceAccount, key, scopes, requestBase);
        return new Verdict(token, null, realmId, key.getId(), key.getName(), null, KeyUse.recordUse(key.getLastUsedAt(), now));
    }

    private static ApiKeyEntity lookup(KeycloakSession session, RealmModel realm, ApiKeys.Presented presented) {
        List<ApiKeyEntity> rows = RealmData.em(session)
                .createQuery("select k from ApiKeyEntity k where k.realmId = :realmId and k.lookup = :lookup and k.mode = :mode",
                        ApiKeyEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("lookup", presented.lookup())
                .setParameter("mode", presented.mode().value())
                .setMaxResults(2)
                .getResultList();
        // lookup prefixes of 10 random characters do not collide in practice; when they do, the digest decides
        for (ApiKeyEntity k : rows) {
            if (ApiKeys.matches(presented, k.getDigest())) {
                return k;
            }
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A 60-second access token of the service account, shaped like one from the client-credentials grant. */
    private static String mint(KeycloakSession session, RealmModel realm, ClientModel client, UserModel serviceAccount,
            ApiKeyEntity key, Set<String> scopes, java.net.URI requestBase) {
        TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
        String id = encoder.encodeTokenId(new AccessTokenContext(AccessTokenContext.SessionType.TRANSIENT,
                AccessTokenContext.TokenType.REGULAR, "client_credentials", KeycloakModelUtils.generateId()));
        AccessToken token = new AccessToken();
        token.id(id);
        java.net.URI base;
        try {
            base = session.getContext().getUri().getBaseUri(); // Keycloak's view (hostname settings applied)
        } catch (RuntimeException noRequestContext) {
            base = requestBase;
        }
        token.issuer(Urls.realmIssuer(base, realm.getName()));
        token.subject(serviceAccount.getId());
        token.issuedFor(client.getClientId());
        token.type(TokenUtil.TOKEN_TYPE_BEARER);
        token.issuedNow();
        token.exp(token.getIat() + TOKEN_LIFETIME_SECONDS);
        token.setScope("authio-api-key");
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("id", key.getId());
        claim.put("realm_id", realm.getId());
        claim.put("name", key.getName());
        claim.put("scopes", List.copyOf(new java.util.TreeSet<>(scopes)));
        token.setOtherClaims(ApiKeyPrincipal.CLAIM, claim);
        return session.tokens().encode(token);
    }

    /** {@code api_key.rejected}: the key's prefix (never more of it), why, and which key when the secret matched one. */
    private static void audit(KeycloakSessionFactory f, Verdict verdict, String prefix, String path, String ip) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("prefix", prefix);
        metadata.put("reason", verdict.reason());
        metadata.put("status", Integer.toString(Api.status(verdict.error().kind())));
        metadata.put("api", ApiLimits.api(path == null ? null : path.split("/", 2)[0]));
        if (verdict.keyId() != null) {
            metadata.put("api_key_id", verdict.keyId());
            metadata.put("name", verdict.keyName());
        }
        try {
            KeycloakModelUtils.runJobInTransaction(f, s -> {
                s.getContext().setRealm(s.realms().getRealm(verdict.realmId()));
                AuditLog.of(s).record(new AuditEvent(Uuid7.next(), verdict.realmId(), Instant.now(), "api_key.rejected",
                        AuditEvent.Outcome.FAILURE, verdict.keyId() == null ? "anonymous" : "api_key", verdict.keyId(), null, null, null,
                        ip, null, metadata));
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not audit a rejected API key: %s", e.toString());
        }
    }

    private static void touch(KeycloakSessionFactory f, String keyId, long now) {
        try {
            KeycloakModelUtils.runJobInTransaction(f, s -> RealmData.em(s)
                    .createQuery("update ApiKeyEntity k set k.lastUsedAt = :now where k.id = :id")
                    .setParameter("now", now).setParameter("id", keyId).executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("could not record the use of API key %s: %s", keyId, e.getMessage());
        }
    }
}
