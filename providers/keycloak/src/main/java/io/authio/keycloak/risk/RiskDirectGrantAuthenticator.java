package io.authio.keycloak.risk;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

import io.authio.core.audit.AuditEvent;
import io.authio.core.risk.Decision;
import io.authio.core.risk.SignInChannel;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code authio-risk-direct-grant}: the risk checks of the resource-owner password grant, after the password (and
 * the one-time code the user configured). A grant has no page to show, so this execution enforces the decision
 * itself: allow; step-up, passed by the one-time code sent with the grant, else refused with
 * {@code interaction_required} (the app sends the user to a browser sign-in); deny, answered exactly like a wrong
 * password so the caller learns neither that the password was right nor which signal fired. Refusals are no
 * password failures: they never count towards Keycloak's lockout of the owner.
 */
public class RiskDirectGrantAuthenticator implements Authenticator {

    static final String STEP_UP_REQUIRED = "step_up_required";

    private final RiskEnvironment env;

    RiskDirectGrantAuthenticator(RiskEnvironment env) {
        this.env = env;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RiskCheck.Checked checked = RiskCheck.run(context, env, SignInChannel.DIRECT_GRANT, RiskConfig.of(context.getAuthenticatorConfig()),
                null);
        switch (checked.decision()) {
            case ALLOW -> context.success();
            case STEP_UP -> {
                if ("otp".equals(StepUpPassedAuthenticator.methodUsed(context.getAuthenticationSession()))) {
                    // the code the user configured came with the grant: the step-up's second factor, already checked
                    RiskCheck.requireStepUp(context, checked);
                    StepUpPassedAuthenticator.recordPassed(context);
                    context.success();
                    return;
                }
                // no challenge can be answered within a grant: nothing stays pending, the app sends the user to a browser
                checked.row().setOutcome("refused");
                AuditLog.of(context.getSession()).recordSystem(context.getRealm().getId(), "risk.step_up.required",
                        AuditEvent.Outcome.SUCCESS, "system", null, context.getUser().getId(), checked.meta());
                context.getEvent().user(context.getUser()).detail(Details.REASON, "a step-up is required: sign in with a browser")
                        .error(STEP_UP_REQUIRED);
                context.challenge(error(Response.Status.BAD_REQUEST, "interaction_required",
                        "Additional verification is required: sign in with a browser"));
            }
            case DENY -> {
                checked.row().setOutcome("denied");
                AuditLog.of(context.getSession()).recordSystem(context.getRealm().getId(), "risk.denied", AuditEvent.Outcome.FAILURE,
                        "system", null, context.getUser().getId(), checked.meta());
                context.getEvent().user(context.getUser()).detail(Details.REASON, "denied by the risk engine").error(Errors.ACCESS_DENIED);
                // the answer of a wrong password (direct-grant-validate-password), byte for byte
                context.challenge(error(Response.Status.BAD_REQUEST, "invalid_grant", "Invalid user credentials"));
            }
            default -> throw new IllegalStateException("unknown decision " + checked.decision());
        }
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).entity(new OAuth2ErrorRepresentation(error, description)).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
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
