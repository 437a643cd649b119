package io.authio.keycloak.risk;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code authio-risk-step-up-passed}: placed after the step-up methods (OTP, passkey) inside the step-up
 * sub-flow; reached only when one of them succeeded. Marks the challenge passed with the method used,
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
        String method = methodUsed(realm, authSession);
        RiskStore store = new RiskStore(context.getSession());
        StepUpChallengeEntity challenge = decisionId == null ? null : store.pendingChallenge(realm.getId(), decisionId);
        if (challenge != null) {
            challenge.setStatus("passed");
            challenge.setMethod(method);
            challenge.setCompletedAt(System.currentTimeMillis());
        }
        new AcrStore(context.getSession(), authSession).setLevelAuthenticated(STEP_UP_LEVEL);
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

    /** otp or webauthn: the step-up execution that succeeded in this authentication session. */
    static String methodUsed(RealmModel realm, AuthenticationSessionModel authSession) {
        String method = null;
        for (Map.Entry<String, AuthenticationSessionModel.ExecutionStatus> e : authSession.getExecutionStatus().entrySet()) {
            if (e.getValue() != AuthenticationSessionModel.ExecutionStatus.SUCCESS) {
                continue;
            }
            AuthenticationExecutionModel ex = realm.getAuthenticationExecutionById(e.getKey());
            String provider = ex == null ? null : ex.getAuthenticator();
            if ("auth-otp-form".equals(provider) || "direct-grant-validate-otp".equals(provider)) {
                method = "otp";
            } else if (provider != null && provider.startsWith("webauthn-authenticator")) {
                method = "webauthn";
            }
        }
        return method;
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
