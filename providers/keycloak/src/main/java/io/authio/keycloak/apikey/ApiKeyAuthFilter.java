package io.authio.keycloak.apikey;

import java.util.Arrays;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;
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
import org.keycloak.utils.KeycloakSessionUtil;

import io.authio.core.api.ApiException;
import io.authio.core.apikey.ApiKeys;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.store.RealmData;

/**
 * Accepts Authio API keys ({@code Authorization: Bearer sk_live_...}) on Authio's admin API
 * ({@code /admin/realms/{realm}/authio/...}) beside normal admin bearer tokens. The key is verified
 * (constant-time digest comparison, revocation, expiry, realm, scope for the resource); then the request
 * continues with a short-lived access token of the key's service account, so Keycloak's own admin
 * authentication and permission checks apply unchanged and the key carries exactly the roles of its
 * service account. Wrong, revoked and expired keys get the same 401, with no hint which.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthFilter.class);
    private static final Pattern AUTHIO_PATH = Pattern.compile("^/?admin/realms/([^/]+)/authio(?:/(.*))?$");
    private static final int TOKEN_LIFETIME_SECONDS = 60;
    private static final long LAST_USED_RESOLUTION_MS = 60_000;

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
            return; // Keycloak's own endpoints never accept API keys: they answer 401 to it as to any bad token
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null) {
            request.abortWith(Api.error(ApiException.unauthorized("invalid API key")));
            return;
        }
        try {
            RealmModel realm = session.realms().getRealmByName(m.group(1));
            Optional<ApiKeys.Presented> presented = ApiKeys.parse(bearer);
            ApiKeyEntity key = realm == null || presented.isEmpty() ? null : lookup(session, realm, presented.get());
            // one digest comparison whether or not a row was found
            boolean valid = presented.isPresent() && ApiKeys.matches(presented.get(), key == null ? null : key.getDigest());
            long now = System.currentTimeMillis();
            if (!valid || key.getRevokedAt() != null || (key.getExpiresAt() != null && key.getExpiresAt() <= now)) {
                request.abortWith(Api.error(ApiException.unauthorized("invalid API key")));
                return;
            }
            Set<String> scopes = Set.copyOf(Arrays.asList(key.getScopes().split(" ")));
            Optional<String> required = ApiKeys.requiredScope(m.group(2));
            if (required.isEmpty() || !scopes.contains(required.get())) {
                request.abortWith(Api.error(ApiException.forbidden(required.isEmpty()
                        ? "API keys cannot call this endpoint"
                        : "this API key does not carry the " + required.get() + " scope")));
                return;
            }
            ClientModel client = realm.getClientById(key.getClientId());
            UserModel serviceAccount = client == null || !client.isEnabled() || !client.isServiceAccountsEnabled() ? null
                    : session.users().getServiceAccount(client);
            if (serviceAccount == null || !serviceAccount.isEnabled()) {
                request.abortWith(Api.error(ApiException.unauthorized("invalid API key")));
                return;
            }
            session.getContext().setRealm(realm);
            String token = mint(session, realm, client, serviceAccount);
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            session.setAttribute(ApiKeyPrincipal.ATTRIBUTE, new ApiKeyPrincipal(key.getId(), realm.getId(), key.getName(), scopes));
            if (key.getLastUsedAt() == null || key.getLastUsedAt() < now - LAST_USED_RESOLUTION_MS) {
                touch(session, key.getId(), now);
            }
        } catch (RuntimeException e) {
            LOG.warnf("API key authentication failed: %s", e.toString());
            request.abortWith(Api.error(ApiException.unauthorized("invalid API key")));
        }
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
    private static String mint(KeycloakSession session, RealmModel realm, ClientModel client, UserModel serviceAccount) {
        TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
        String id = encoder.encodeTokenId(new AccessTokenContext(AccessTokenContext.SessionType.TRANSIENT,
                AccessTokenContext.TokenType.REGULAR, "client_credentials", KeycloakModelUtils.generateId()));
        AccessToken token = new AccessToken();
        token.id(id);
        token.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        token.subject(serviceAccount.getId());
        token.issuedFor(client.getClientId());
        token.type(TokenUtil.TOKEN_TYPE_BEARER);
        token.issuedNow();
        token.exp(token.getIat() + TOKEN_LIFETIME_SECONDS);
        token.setScope("authio-api-key");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("authio_api_key", true);
        claims.forEach(token::setOtherClaims);
        return session.tokens().encode(token);
    }

    private static void touch(KeycloakSession session, String keyId, long now) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> RealmData.em(s)
                    .createQuery("update ApiKeyEntity k set k.lastUsedAt = :now where k.id = :id")
                    .setParameter("now", now).setParameter("id", keyId).executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("could not record the use of API key %s: %s", keyId, e.getMessage());
        }
    }
}
