package io.authio.keycloak.risk;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;
import io.authio.core.risk.Decision;
import io.authio.core.risk.RiskAssessment;
import io.authio.core.risk.SignInChannel;
import io.authio.keycloak.audit.AuditLog;

/**
 * The evaluation an authentication flow enforces (browser and direct grant alike): scores the attempt, records the
 * decision row and {@code risk.evaluated}, and leaves the outcome in the authentication session (for the
 * conditions, the step-up and the claim) and in the user session (for the success listener).
 */
final class RiskCheck {

    /** The stored row and the decision to enforce (a step-up becomes a deny for accounts without a second factor). */
    record Checked(RiskDecisionEntity row, Decision decision, RiskAssessment assessment, Map<String, String> meta) {
    }

    private RiskCheck() {
    }

    static Checked run(AuthenticationFlowContext context, RiskEnvironment env, SignInChannel channel, RiskConfig config,
            String deviceDigest) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String ip = context.getConnection() == null ? null : context.getConnection().getRemoteAddr();
        String ua = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT);

        RiskEvaluator.Evaluated ev = new RiskEvaluator(session, realm, env).evaluate(channel, true, user, ip, ua, deviceDigest,
                authSession.getParentSession().getId(), "pending");
        RiskDecisionEntity row = ev.row();
        // a step-up the account cannot pass becomes a deny, unless only a stranger's failures elsewhere raised it
        RiskAssessment assessment = ev.assessment().enforce(hasSecondFactor(user), config.denyWithoutSecondFactor());
        Decision decision = assessment.decision();
        if (assessment != ev.assessment()) {
            row.setDecision(decision.id());
            row.setSignals(Json.write(assessment.toMap()));
        }

        authSession.setAuthNote(RiskNotes.DECISION_ID, row.getId());
        authSession.setAuthNote(RiskNotes.LEVEL, decision.level().id());
        authSession.setAuthNote(RiskNotes.SCORE, String.valueOf(row.getScore()));
        authSession.setAuthNote(RiskNotes.DECISION, decision.id());
        authSession.setAuthNote(RiskNotes.SIGNALS, String.join(",", assessment.signalIds()));
        authSession.setUserSessionNote(RiskNotes.DECISION_ID, row.getId());
        if (deviceDigest != null) {
            authSession.setUserSessionNote(RiskNotes.DEVICE, deviceDigest);
        }
        authSession.setUserSessionNote(RiskNotes.CLAIM, RiskEvaluator.claimJson(row, assessment,
                decision == Decision.STEP_UP ? "required" : null));

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("decision_id", row.getId());
        meta.put("score", String.valueOf(row.getScore()));
        meta.put("decision", decision.id());
        meta.put("signals", String.join(",", assessment.signalIds()));
        meta.put("kind", channel.kind());
        if (row.getCountry() != null) {
            meta.put("country", row.getCountry());
        }
        AuditLog.of(session).recordSystem(realm.getId(), "risk.evaluated", AuditEvent.Outcome.SUCCESS, "system", null, user.getId(), meta);
        return new Checked(row, decision, assessment, meta);
    }

    /** Opens the step-up challenge of this decision and records {@code risk.step_up.required}. */
    static StepUpChallengeEntity requireStepUp(AuthenticationFlowContext context, Checked checked) {
        String realmId = context.getRealm().getId();
        String userId = context.getUser().getId();
        StepUpChallengeEntity challenge = new RiskStore(context.getSession()).createChallenge(realmId, userId, checked.row().getId(),
                System.currentTimeMillis());
        Map<String, String> m = new LinkedHashMap<>(checked.meta());
        m.put("challenge_id", challenge.getId());
        AuditLog.of(context.getSession()).recordSystem(realmId, "risk.step_up.required", AuditEvent.Outcome.SUCCESS, "system", null,
                userId, m);
        return challenge;
    }

    static boolean hasSecondFactor(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> "otp".equals(c.getType()) || "webauthn".equals(c.getType())
                        || "webauthn-passwordless".equals(c.getType()));
    }
}
