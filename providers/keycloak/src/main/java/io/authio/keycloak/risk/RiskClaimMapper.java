package io.authio.keycloak.risk;

import java.util.Map;

import io.authio.keycloak.auth.SessionNoteClaimMapper;

/**
 * {@code authio-risk-mapper}: adds {@code authio_risk: {score, decision, signals, decision_id, step_up}}
 * from the sign-in's risk decision to ID and access tokens (and userinfo).
 */
public class RiskClaimMapper extends SessionNoteClaimMapper {

    public static final String ID = "authio-risk-mapper";
    public static final String CLAIM = "authio_risk";

    public RiskClaimMapper() {
        super(RiskNotes.CLAIM, CLAIM, Map.class);
    }

    @Override
    public String getDisplayType() {
        return "Authio risk";
    }

    @Override
    public String getHelpText() {
        return "Adds the sign-in's risk score, decision and fired signals as the authio_risk claim.";
    }

    @Override
    public String getId() {
        return ID;
    }
}
