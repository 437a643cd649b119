package io.authio.keycloak.passkey;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * After the first factor, offers users without a passkey to create one. Accepting schedules Keycloak's
 * own passkey registration ({@code webauthn-register-passwordless}) right after this sign-in; "Not now"
 * simply continues. Users who already have a passkey, and realms where that registration is disabled,
 * never see the page.
 */
public class PasskeyOfferAuthenticator implements Authenticator {

    static final String PAGE = "authio-passkey-offer.ftl";
    static final String REGISTER_ACTION = "webauthn-register-passwordless";
    static final String FIELD = "passkey_offer";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || hasPasskey(user) || !registrationEnabled(context.getRealm())) {
            context.success();
            return;
        }
        context.challenge(context.form().createForm(PAGE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if ("create".equals(form.getFirst(FIELD))) {
            context.getAuthenticationSession().addRequiredAction(REGISTER_ACTION);
        }
        context.success();
    }

    static boolean hasPasskey(UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }

    private static boolean registrationEnabled(RealmModel realm) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(REGISTER_ACTION);
        return action != null && action.isEnabled();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
