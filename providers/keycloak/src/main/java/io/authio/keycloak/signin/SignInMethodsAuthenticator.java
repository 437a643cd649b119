package io.authio.keycloak.signin;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.authio.core.json.Json;
import io.authio.core.signin.SignInMethods;

/**
 * {@code authio-sign-in-methods}: placed after every factor of the browser flow, records what this sign-in
 * proved, from the credential types Keycloak's own steps (and the email link) verified. Keycloak's AMR mapper
 * cannot tell these apart: a passkey chosen from the login page's autofill completes the password form's
 * execution, which it would report as a password. Multi-factor sign-ins reach level of authentication 2
 * ({@code acr}); the {@code amr} values go to the user session for {@link AmrClaimMapper}.
 */
public class SignInMethodsAuthenticator implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SignInMethods.Result methods = SignInMethods.of(AuthenticatorUtil.getAuthnCredentials(authSession),
                "true".equals(authSession.getAuthNote(SignInNotes.STEP_UP_PASSED)));
        authSession.setUserSessionNote(SignInNotes.AMR, Json.write(methods.amr()));
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        if (methods.multiFactor() && acr.getLevelOfAuthenticationFromCurrentAuthentication() < methods.level()) {
            acr.setLevelAuthenticated(methods.level());
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return true;
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
