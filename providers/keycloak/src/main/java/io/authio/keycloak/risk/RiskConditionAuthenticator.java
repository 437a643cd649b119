package io.authio.keycloak.risk;

import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.authio.core.risk.Decision;

/** {@code Condition - authio risk}: true when this attempt's risk level is at least the configured one. */
public class RiskConditionAuthenticator implements ConditionalAuthenticator {

    static final String LEVEL = "level";
    static final RiskConditionAuthenticator SINGLETON = new RiskConditionAuthenticator();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        Map<String, String> config = context.getAuthenticatorConfig() == null ? Map.of() : context.getAuthenticatorConfig().getConfig();
        Decision.Level wanted = Decision.Level.of(config.getOrDefault(LEVEL, "medium")).orElse(Decision.Level.MEDIUM);
        String note = context.getAuthenticationSession().getAuthNote(RiskNotes.LEVEL);
        if (note == null) {
            // no evaluation ran before this condition (misplaced execution): nothing is known, nothing matches
            return false;
        }
        Decision.Level actual = Decision.Level.of(note).orElse(Decision.Level.LOW);
        return actual.compareTo(wanted) >= 0;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
