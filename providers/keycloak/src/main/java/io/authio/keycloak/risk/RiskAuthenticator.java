package io.authio.keycloak.risk;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.authio.core.audit.AuditEvent;
import io.authio.core.json.Json;
import io.authio.core.risk.Decision;
import io.authio.core.risk.RiskAssessment;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code authio-risk}: placed after the first factor, scores the attempt, records the decision, and
 * leaves the level in the authentication session for {@code Condition - authio risk} sub-flows
 * (step-up, deny). It never blocks by itself.
 */
public class RiskAuthenticator implements Authenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RiskEnvironment env;

    RiskAuthenticator(RiskEnvironment env) {
        this.env = env;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RiskConfig config = RiskConfig.of(context.getAuthenticatorConfig());

        String token = deviceToken(session, realm, config);
        String deviceDigest = RiskStore.sha256(realm.getId() + "\n" + token);
        String ip = context.getConnection() == null ? null : context.getConnection().getRemoteAddr();
        String ua = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT);

        RiskEvaluator.Evaluated ev = new RiskEvaluator(session, realm, env).evaluate(RiskStore.KIND_LOGIN, user,
                user.getUsername(), ip, ua, deviceDigest, authSession.getParentSession().getId(), "pending");
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
        authSession.setUserSessionNote(RiskNotes.DEVICE, deviceDigest);
        authSession.setUserSessionNote(RiskNotes.CLAIM, RiskEvaluator.claimJson(row, assessment,
                decision == Decision.STEP_UP ? "required" : null));

        AuditLog audit = AuditLog.of(session);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("decision_id", row.getId());
        meta.put("score", String.valueOf(row.getScore()));
        meta.put("decision", decision.id());
        meta.put("signals", String.join(",", assessment.signalIds()));
        if (row.getCountry() != null) {
            meta.put("country", row.getCountry());
        }
        audit.recordSystem(realm.getId(), "risk.evaluated", AuditEvent.Outcome.SUCCESS, "system", null, user.getId(), meta);
        if (decision == Decision.STEP_UP) {
            StepUpChallengeEntity challenge = new RiskStore(session).createChallenge(realm.getId(), user.getId(), row.getId(),
                    System.currentTimeMillis());
            Map<String, String> m = new LinkedHashMap<>(meta);
            m.put("challenge_id", challenge.getId());
            audit.recordSystem(realm.getId(), "risk.step_up.required", AuditEvent.Outcome.SUCCESS, "system", null, user.getId(), m);
        }
        context.success();
    }

    static boolean hasSecondFactor(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> "otp".equals(c.getType()) || "webauthn".equals(c.getType())
                        || "webauthn-passwordless".equals(c.getType()));
    }

    /** The browser's device cookie value, or a new random one set on the response now. */
    private static String deviceToken(KeycloakSession session, RealmModel realm, RiskConfig config) {
        Cookie existing = session.getContext().getRequestHeaders().getCookies().get(RiskNotes.DEVICE_COOKIE);
        if (existing != null && existing.getValue() != null && existing.getValue().matches("^[A-Za-z0-9_-]{43}$")) {
            return existing.getValue();
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        var uri = session.getContext().getUri();
        String path = uri.getBaseUri().getPath();
        path = (path.endsWith("/") ? path : path + "/") + "realms/" + realm.getName() + "/";
        boolean secure = "https".equals(uri.getRequestUri().getScheme()) || isLoopback(uri.getRequestUri().getHost());
        NewCookie cookie = new NewCookie.Builder(RiskNotes.DEVICE_COOKIE)
                .value(token)
                .path(path)
                .maxAge(config.deviceCookieDays() * 86_400)
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie);
        return token;
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
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
