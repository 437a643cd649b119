package io.authio.keycloak.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.signin.SignInNotes;

/**
 * {@code authio-risk-step-up-passed}: placed after the step-up methods (OTP, security key, passkey) inside the
 * step-up sub-flow; reached only when one of them succeeded, or when a second factor was already verified in
 * this sign-in (then the methods' sub-flow is skipped). Marks the challenge passed with the method used,
 * raises the level of authentication (the {@code acr} claim) and records {@code risk.step_up.passed}.
 */
public class StepUpPassedAuthenticator implements Authenticator {

    /** The level of authentication a passed step-up reaches (acr "2" unless the realm maps levels to names). */
    static final int STEP_UP_LEVEL = 2;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        recordPassed(context);
        context.success();
    }

    /** The pending challenge of this attempt passed by the second factor it used: challenge, acr, claim, audit. */
    static void recordPassed(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String decisionId = authSession.getAuthNote(RiskNotes.DECISION_ID);
        String method = methodUsed(authSession);
        RiskStore store = new RiskStore(context.getSession());
        StepUpChallengeEntity challenge = decisionId == null ? null : store.pendingChallenge(realm.getId(), decisionId);
        if (challenge != null) {
            challenge.setStatus("passed");
            challenge.setMethod(method);
            challenge.setCompletedAt(System.currentTimeMillis());
        }
        new AcrStore(context.getSession(), authSession).setLevelAuthenticated(STEP_UP_LEVEL);
        authSession.setAuthNote(SignInNotes.STEP_UP_PASSED, "true");
        String claim = authSession.getUserSessionNotes().get(RiskNotes.CLAIM);
        if (claim != null) {
            Map<String, Object> m = Json.MAPPER.convertValue(Json.read(claim), Map.class);
            m.put("step_up", "passed");
            authSession.setUserSessionNote(RiskNotes.CLAIM, Json.write(m));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("decision_id", decisionId == null ? "" : decisionId);
        meta.put("method", method == null ? "" : method);
        if (challenge != null) {
            meta.put("challenge_id", challenge.getId());
        }
        AuditLog.of(context.getSession()).recordSystem(realm.getId(), "risk.step_up.passed", AuditEvent.Outcome.SUCCESS, "system",
                null, context.getUser() == null ? null : context.getUser().getId(), meta);
    }

    /**
     * The second factor verified in this authentication: {@code otp}, {@code webauthn} (a security key) or
     * {@code passkey}. The step-up methods run only when none was verified yet; otherwise the one the user
     * already presented (the enrolled second factor, or a passkey at the first step) answers the step-up.
     */
    static String methodUsed(AuthenticationSessionModel authSession) {
        List<String> used = AuthenticatorUtil.getAuthnCredentials(authSession);
        if (used.contains("otp")) {
            return "otp";
        }
        if (used.contains("webauthn")) {
            return "webauthn";
        }
        return used.contains("webauthn-passwordless") ? "passkey" : null;
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
