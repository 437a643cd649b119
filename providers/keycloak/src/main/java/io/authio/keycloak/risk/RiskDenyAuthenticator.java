package io.authio.keycloak.risk;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.authio.core.audit.AuditEvent;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code authio-risk-deny}: ends the attempt with a page that says only that the sign-in cannot be
 * completed (never which signal fired, nor whether the password was right), records {@code risk.denied}.
 */
public class RiskDenyAuthenticator implements Authenticator {

    static final String TEMPLATE = "authio-risk-denied.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        String decisionId = context.getAuthenticationSession().getAuthNote(RiskNotes.DECISION_ID);
        RiskDecisionEntity row = new RiskStore(context.getSession()).decision(realm.getId(), decisionId);
        if (row != null) {
            row.setOutcome("denied");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("decision_id", decisionId == null ? "" : decisionId);
        meta.put("score", String.valueOf(row == null ? "" : row.getScore()));
        meta.put("signals", context.getAuthenticationSession().getAuthNote(RiskNotes.SIGNALS) == null ? ""
                : context.getAuthenticationSession().getAuthNote(RiskNotes.SIGNALS));
        AuditLog.of(context.getSession()).recordSystem(realm.getId(), "risk.denied", AuditEvent.Outcome.FAILURE, "system", null,
                context.getUser() == null ? null : context.getUser().getId(), meta);
        Response page;
        if ("authio".equals(realm.getLoginTheme())) {
            Response form = context.form().createForm(TEMPLATE);
            page = Response.fromResponse(form).status(Response.Status.FORBIDDEN).build();
        } else {
            page = context.form().setError("authioRiskDenied").createErrorPage(Response.Status.FORBIDDEN);
        }
        context.failure(AuthenticationFlowError.ACCESS_DENIED, page);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
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
