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
 * continues and is remembered for {@link #SNOOZE_DAYS} days (a user attribute), so the offer does not stand
 * between the user and every sign-in. Users who already have a passkey, and realms where that registration
 * is disabled, never see the page.
 */
public class PasskeyOfferAuthenticator implements Authenticator {

    static final String PAGE = "authio-passkey-offer.ftl";
    static final String REGISTER_ACTION = "webauthn-register-passwordless";
    static final String FIELD = "passkey_offer";
    /** User attribute: when the user last answered "Not now" (epoch seconds). */
    static final String DECLINED_AT = "authio.passkey-offer.declined-at";
    static final long SNOOZE_DAYS = 30;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || hasPasskey(user) || !registrationEnabled(context.getRealm()) || snoozed(user)) {
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
        } else if (context.getUser() != null) {
            context.getUser().setSingleAttribute(DECLINED_AT, Long.toString(java.time.Instant.now().getEpochSecond()));
        }
        context.success();
    }

    static boolean snoozed(UserModel user) {
        String declined = user.getFirstAttribute(DECLINED_AT);
        if (declined == null || !declined.matches("^[0-9]{1,12}$")) {
            return false;
        }
        return java.time.Instant.now().getEpochSecond() - Long.parseLong(declined) < SNOOZE_DAYS * 86_400;
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
