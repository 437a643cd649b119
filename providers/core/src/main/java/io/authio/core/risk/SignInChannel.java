package io.authio.core.risk;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a sign-in reached Keycloak. Every channel is scored and recorded; a channel states which signals cannot
 * apply to it. Browser and direct-grant decisions are enforced by their flows; SSO-cookie and identity-provider
 * sign-ins are recorded (enforced on cookie sign-ins only where the realm configured it).
 */
public enum SignInChannel {
    /** A browser flow with the risk checks: a device cookie, the user's own browser; enforced by the flow. */
    BROWSER("login", EnumSet.noneOf(Signal.class)),
    /**
     * The resource-owner password grant: an app sends the password, so there is no device cookie and its user agent
     * is an HTTP library by design; enforced (step-up needs a code in the request, else a browser sign-in).
     */
    DIRECT_GRANT("direct_grant", EnumSet.of(Signal.NEW_DEVICE, Signal.SUSPICIOUS_USER_AGENT)),
    /** A sign-in by the SSO cookie of an existing session: recorded; enforced only where the realm configured it. */
    SSO_COOKIE("sso", EnumSet.noneOf(Signal.class)),
    /** A sign-in through an identity provider (the provider authenticated the user): recorded. */
    IDENTITY_PROVIDER("broker", EnumSet.noneOf(Signal.class));

    private final String kind;
    private final EnumSet<Signal> notApplicable;

    SignInChannel(String kind, EnumSet<Signal> notApplicable) {
        this.kind = kind;
        this.notApplicable = notApplicable;
    }

    /** The {@code kind} of the decision row. */
    public String kind() {
        return kind;
    }

    public Set<Signal> notApplicable() {
        return notApplicable.clone();
    }

    /**
     * Scores the sign-in without the signals that cannot apply to this channel. {@code enforced} false: the sign-in
     * already completed and the decision is only recorded. The notes say both.
     */
    public RiskAssessment assess(RiskInput in, RiskSettings settings, boolean enforced) {
        RiskSettings effective = settings;
        if (!notApplicable.isEmpty()) {
            RiskSettings.Builder b = settings.toBuilder();
            notApplicable.forEach(s -> b.enabled(s, false));
            effective = b.build();
        }
        RiskAssessment a = RiskEngine.evaluate(in, effective);
        if (notApplicable.isEmpty() && enforced) {
            return a;
        }
        List<String> notes = new ArrayList<>(a.notes());
        if (!notApplicable.isEmpty()) {
            notes.add(kind + ": " + String.join(" and ", notApplicable.stream().map(Signal::id).toList())
                    + " do not apply to this channel and were not evaluated");
        }
        if (!enforced) {
            notes.add(kind + ": recorded after the sign-in completed; the decision was not enforced");
        }
        return new RiskAssessment(a.bias(), a.fired(), a.logOdds(), a.score(), a.decision(), notes, a.raisedOnlyFromElsewhere());
    }
}
