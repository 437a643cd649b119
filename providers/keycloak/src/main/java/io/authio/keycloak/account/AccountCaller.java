package io.authio.keycloak.account;

import org.keycloak.models.AccountRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.Auth;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import io.authio.core.DomainException;
import io.authio.keycloak.ratelimit.ApiRateLimit;

/**
 * Who may call Authio's end-user endpoints: exactly whom Keycloak's account REST API admits (as its
 * {@code AccountLoader} and {@code AccountRestService} check it). A user's bearer token of this realm, with the
 * {@code account} client in its audience, not a service account; reading needs {@code view-profile} or
 * {@code manage-account}, changing needs {@code manage-account}. A client an administrator scoped down (full
 * scope off, no account roles) therefore cannot read the user's addresses or forget their devices.
 *
 * <p>Keycloak answers a token without the account audience with 401; here it is a 403 (the token is valid, it
 * only does not reach this API), as for a missing role. Authorized calls then count against the user's own
 * budget for the endpoint ({@link ApiRateLimit}).
 */
public final class AccountCaller {

    public enum Access {
        READ, MANAGE
    }

    private AccountCaller() {
    }

    /** The signed-in user, after the checks above and the rate limit of {@code api}. */
    public static UserModel require(KeycloakSession session, Access access, String api) {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null || auth.user() == null) {
            throw DomainException.unauthenticated("a valid bearer access token of this realm is required");
        }
        RealmModel realm = session.getContext().getRealm();
        ClientModel account = realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (account == null || !account.isEnabled()) {
            throw DomainException.forbidden("account management is not enabled in this realm");
        }
        AccessToken token = auth.token();
        if (token.getAudience() == null || token.getResourceAccess(account.getClientId()) == null) {
            // a lightweight token carries no audience or roles: read them as introspection would (as Keycloak does)
            AccessTokenIntrospectionProvider<?> introspection = (AccessTokenIntrospectionProvider<?>) session.getProvider(
                    TokenIntrospectionProvider.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE);
            token = introspection.transformAccessToken(token, auth.session());
        }
        if (!token.hasAudience(account.getClientId())) {
            throw DomainException.forbidden("this token is not meant for the account API (audience account)");
        }
        if (auth.user().getServiceAccountClientLink() != null) {
            throw DomainException.forbidden("service accounts have no account activity or devices");
        }
        Auth roles = new Auth(realm, token, auth.user(), account, auth.session(), false);
        boolean allowed = access == Access.MANAGE
                ? roles.hasClientRole(account, AccountRoles.MANAGE_ACCOUNT)
                : roles.hasOneOfAppRole(account, AccountRoles.MANAGE_ACCOUNT, AccountRoles.VIEW_PROFILE);
        if (!allowed) {
            throw DomainException.forbidden(access == Access.MANAGE ? "this needs the account role manage-account"
                    : "this needs the account role view-profile or manage-account");
        }
        ApiRateLimit.enforce(session, realm, api, "user", auth.user().getId(), token.getIssuedFor());
        return auth.user();
    }
}
