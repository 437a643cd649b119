package io.authio.keycloak.risk;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.CookieAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager;

import io.authio.core.audit.AuditEvent;
import io.authio.core.risk.Decision;
import io.authio.core.risk.SignInChannel;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code authio-risk-cookie}: Keycloak's SSO-cookie sign-in with the risk checks enforced, for realms that want
 * cookie sign-ins stepped up (replace "Cookie" in the browser flow by it). A cookie sign-in scoring at least the
 * configured level (default {@code high}) is not honoured: the flow's forms run instead, with their own risk
 * checks and step-up, as after {@code prompt=login}. Below it, it is Keycloak's cookie sign-in, recorded once.
 * Without it cookie sign-ins are recorded by the {@code authio-risk} listener and never stepped up (cheap).
 */
public class RiskCookieAuthenticator extends CookieAuthenticator {

    static final String LEVEL = "reauthenticate-at";

    private final RiskEnvironment env;

    RiskCookieAuthenticator(RiskEnvironment env) {
        this.env = env;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        if (sso == null || sso.user() == null) {
            super.authenticate(context); // no session: Keycloak's "attempted"
            return;
        }
        String ip = context.getConnection() == null ? null : context.getConnection().getRemoteAddr();
        RiskEvaluator.Browser browser = RiskEvaluator.Browser.of(session, realm);
        RiskEvaluator.Evaluated ev = new RiskEvaluator(session, realm, env).evaluate(SignInChannel.SSO_COOKIE, true, sso.user(), ip,
                browser.userAgent(), browser.deviceDigest(), sso.session().getId(), "pending");
        Decision.Level wanted = Decision.Level.of(config(context).getOrDefault(LEVEL, "high")).orElse(Decision.Level.HIGH);
        boolean reauthenticate = ev.assessment().decision().level().compareTo(wanted) >= 0;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("decision_id", ev.row().getId());
        meta.put("score", String.valueOf(ev.row().getScore()));
        meta.put("decision", ev.row().getDecision());
        meta.put("signals", String.join(",", ev.assessment().signalIds()));
        meta.put("kind", SignInChannel.SSO_COOKIE.kind());
        if (reauthenticate) {
            meta.put("outcome", "reauthenticate");
        }
        AuditLog.of(session).recordSystem(realm.getId(), "risk.evaluated", AuditEvent.Outcome.SUCCESS, "system", null, sso.user().getId(),
                meta);
        if (reauthenticate) {
            ev.row().setOutcome("reauthenticate");
            context.attempted(); // the session's cookie is not enough this time: the forms run
            return;
        }
        context.getAuthenticationSession().setClientNote(RiskNotes.SSO_SCORED, ev.row().getId());
        super.authenticate(context);
    }

    private static Map<String, String> config(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig() == null || context.getAuthenticatorConfig().getConfig() == null ? Map.of()
                : context.getAuthenticatorConfig().getConfig();
    }
}
