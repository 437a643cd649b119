package io.authio.keycloak.risk;

/** Authentication-session and user-session note names the risk executions share. */
final class RiskNotes {

    static final String DECISION_ID = "authio.risk.decision_id";
    static final String LEVEL = "authio.risk.level";
    static final String SCORE = "authio.risk.score";
    static final String DECISION = "authio.risk.decision";
    static final String SIGNALS = "authio.risk.signals";
    /** User-session note with the claim JSON (read by the protocol mapper). */
    static final String CLAIM = "authio.risk";
    /** User-session note with the device cookie digest (for the profile update after success). */
    static final String DEVICE = "authio.risk.device";
    static final String DEVICE_COOKIE = "AUTHIO_DEVICE";
    /** Client-session note: the decision of a cookie sign-in {@code authio-risk-cookie} scored (read once by the listener). */
    static final String SSO_SCORED = "authio.risk.sso_scored";

    private RiskNotes() {
    }
}
