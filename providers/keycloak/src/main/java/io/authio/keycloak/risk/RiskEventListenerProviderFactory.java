package io.authio.keycloak.risk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import io.authio.core.audit.AuditEvent;
import io.authio.core.risk.GeoLookup;
import io.authio.core.risk.RiskProfile;
import io.authio.core.risk.SignInChannel;
import io.authio.core.risk.UserAgents;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code authio-risk} event listener (add it to the realm's event listeners): scores and records failed
 * sign-ins (they feed the velocity and credential-stuffing signals); after a successful sign-in marks the
 * decision succeeded and updates the user's profile and known devices, and scores and records a sign-in that
 * no flow step scored (SSO cookie, identity provider, a flow without the risk checks), so every sign-in has a
 * decision row. Runs inside the request's transaction; database only.
 */
public class RiskEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "authio-risk";
    private static final Logger LOG = Logger.getLogger(RiskEventListenerProviderFactory.class);
    static final Set<String> COUNTED_ERRORS = Set.of("invalid_user_credentials", "user_not_found", "invalid_user");

    private KeycloakSessionFactory factory;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                try {
                    if (event.getType() == EventType.LOGIN_ERROR && event.getError() != null
                            && COUNTED_ERRORS.contains(event.getError())) {
                        failed(session, event);
                    } else if (event.getType() == EventType.LOGIN && event.getSessionId() != null) {
                        succeeded(session, event);
                    }
                } catch (RuntimeException e) {
                    LOG.warnf(e, "risk: could not record %s", event.getType());
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    private RiskEnvironment env() {
        return ((RiskAuthenticatorFactory) factory.getProviderFactory(Authenticator.class, RiskAuthenticatorFactory.ID)).environment();
    }

    private void failed(KeycloakSession session, Event event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        UserModel user = event.getUserId() == null ? null : session.users().getUserById(realm, event.getUserId());
        String username = event.getDetails() == null ? null : event.getDetails().get("username");
        if (username == null && user != null) {
            username = user.getUsername();
        }
        RiskEvaluator.Browser browser = RiskEvaluator.Browser.of(session, realm);
        new RiskEvaluator(session, realm, env()).evaluate(RiskStore.KIND_FAILED, user, username, event.getIpAddress(), browser.userAgent(),
                browser.deviceDigest(), event.getSessionId(), "failed");
        // a wrong second factor during a step-up: the challenge is failed (until a retry passes). The event's
        // code_id is the authentication session, which the evaluation recorded as the decision's session.
        String authSessionId = event.getDetails() == null ? null : event.getDetails().get("code_id");
        if (authSessionId != null) {
            RiskStore store = new RiskStore(session);
            RiskDecisionEntity decision = store.pendingLogin(realm.getId(), authSessionId);
            StepUpChallengeEntity challenge = decision == null ? null : store.pendingChallenge(realm.getId(), decision.getId());
            if (challenge != null) {
                challenge.setStatus("failed");
                challenge.setCompletedAt(System.currentTimeMillis());
            }
        }
    }

    private void succeeded(KeycloakSession session, Event event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        UserSessionModel us = session.sessions().getUserSession(realm, event.getSessionId());
        if (us == null) {
            return;
        }
        String decisionId = us.getNote(RiskNotes.DECISION_ID);
        RiskStore store = new RiskStore(session);
        RiskDecisionEntity row = decisionId == null ? null : store.decision(realm.getId(), decisionId);
        if (row == null || !"pending".equals(row.getOutcome())) {
            recordUnscored(session, realm, event, us);
            return;
        }
        row.setOutcome("succeeded");
        learn(session, realm, row, us.getNote(RiskNotes.DEVICE));
    }

    /**
     * A sign-in no flow step scored: by the SSO cookie of an existing session, through an identity provider, or by a
     * flow without the risk checks. It is scored now and recorded (not enforced: it has completed). An SSO sign-in
     * teaches the profile nothing (the session was authenticated before; a stolen cookie must not make its
     * network familiar); the others are real sign-ins and do, and their tokens carry the decision.
     */
    private void recordUnscored(KeycloakSession session, RealmModel realm, Event event, UserSessionModel us) {
        UserModel user = us.getUser();
        if (user == null || user.getServiceAccountClientLink() != null) {
            return;
        }
        ClientModel client = event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
        AuthenticatedClientSessionModel clientSession = client == null ? null : us.getAuthenticatedClientSessionByClient(client.getId());
        String scored = clientSession == null ? null : clientSession.getNote(RiskNotes.SSO_SCORED);
        if (scored != null) {
            // a cookie sign-in authio-risk-cookie scored and let through: its row, once
            clientSession.removeNote(RiskNotes.SSO_SCORED);
            RiskDecisionEntity row = new RiskStore(session).decision(realm.getId(), scored);
            if (row != null && "pending".equals(row.getOutcome())) {
                row.setOutcome("succeeded");
            }
            return;
        }
        SignInChannel channel = channelOf(event, clientSession);
        RiskEvaluator.Browser browser = RiskEvaluator.Browser.of(session, realm);
        String deviceDigest = channel == SignInChannel.DIRECT_GRANT ? null : browser.deviceDigest();
        RiskEvaluator.Evaluated ev = new RiskEvaluator(session, realm, env()).evaluate(channel, false, user, event.getIpAddress(),
                browser.userAgent(), deviceDigest, event.getSessionId(), "succeeded");
        RiskDecisionEntity row = ev.row();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("decision_id", row.getId());
        meta.put("score", String.valueOf(row.getScore()));
        meta.put("decision", row.getDecision());
        meta.put("signals", String.join(",", ev.assessment().signalIds()));
        meta.put("kind", channel.kind());
        meta.put("enforced", "false");
        AuditLog.of(session).recordSystem(realm.getId(), "risk.evaluated", AuditEvent.Outcome.SUCCESS, "system", null, user.getId(), meta);
        if (channel != SignInChannel.SSO_COOKIE) {
            us.setNote(RiskNotes.DECISION_ID, row.getId());
            us.setNote(RiskNotes.CLAIM, RiskEvaluator.claimJson(row, ev.assessment(), null));
            learn(session, realm, row, deviceDigest);
        }
    }

    /** How a sign-in the flow did not score came in, from Keycloak's event and client session. */
    private static SignInChannel channelOf(Event event, AuthenticatedClientSessionModel clientSession) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (details.get(Details.IDENTITY_PROVIDER) != null) {
            return SignInChannel.IDENTITY_PROVIDER;
        }
        if (OAuth2Constants.PASSWORD.equals(details.get(Details.GRANT_TYPE))) {
            return SignInChannel.DIRECT_GRANT;
        }
        if (clientSession != null && AuthenticationManager.isSSOAuthentication(clientSession)) {
            return SignInChannel.SSO_COOKIE;
        }
        return SignInChannel.BROWSER;
    }

    /** After a successful sign-in: the profile (and the device, if the browser sent its cookie) learn from it. */
    private void learn(KeycloakSession session, RealmModel realm, RiskDecisionEntity row, String device) {
        RiskStore store = new RiskStore(session);
        long now = System.currentTimeMillis();
        GeoLookup.Geo geo = env().geo().lookup(RiskEvaluator.literal(row.getIp()));
        RiskProfile profile = store.profile(realm.getId(), row.getUserId());
        boolean hadHistory = profile.hasHistory();
        profile.recordSuccess(Instant.ofEpochMilli(now), row.getIp(), geo.country(), geo.asn(), geo.location());
        store.saveProfile(realm.getId(), row.getUserId(), profile, now);
        if (device != null) {
            String label = UserAgents.label(row.getUserAgent());
            boolean newDevice = store.seeDevice(realm.getId(), row.getUserId(), device, label, row.getIp(), geo.country(), now);
            if (newDevice && hadHistory && RiskSettingsStore.load(realm).newDeviceEmail()) {
                NewDeviceMailer.sendAfterCommit(session, new NewDeviceMailer.Alert(realm.getId(), row.getUserId(), label,
                        row.getIp(), geo.country(), now));
            }
        }
    }

    private java.time.Duration stepUpExpiry = java.time.Duration.ofMinutes(30);
    private java.time.Duration rollupInterval = java.time.Duration.ofSeconds(60);
    private java.time.Duration rollupSettle = java.time.Duration.ofMinutes(10);

    @Override
    public void init(Config.Scope config) {
        Integer seconds = config.getInt("step-up-expiry-seconds");
        if (seconds != null && seconds > 0) {
            stepUpExpiry = java.time.Duration.ofSeconds(seconds);
        }
        rollupInterval = java.time.Duration.ofSeconds(Math.max(1, config.getLong("rollup-interval-seconds", 60L)));
        rollupSettle = java.time.Duration.ofSeconds(Math.max(60, config.getLong("rollup-settle-seconds", 600L)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
        long period = Math.max(1, Math.min(60, stepUpExpiry.toSeconds()));
        // idempotent updates: every node may run it, and a node without the lock still expires its own abandoned ones
        io.authio.keycloak.store.Background.every(factory, "authio-step-up-expiry", java.time.Duration.ofSeconds(period), null,
                new StepUpExpiry(factory, stepUpExpiry));
        // the console overview's hourly rollup: once per cluster
        io.authio.keycloak.store.Background.every(factory, RiskRollup.NAME, rollupInterval, RiskRollup.maxRun().multipliedBy(2),
                new RiskRollup(factory, rollupSettle));
    }

    @Override
    public java.util.List<org.keycloak.provider.ProviderConfigProperty> getConfigMetadata() {
        return org.keycloak.provider.ProviderConfigurationBuilder.create()
                .property().name("step-up-expiry-seconds").type("int").defaultValue(1800)
                .helpText("Pending step-up challenges older than this are marked expired").add()
                .property().name("rollup-interval-seconds").type("int").defaultValue(60)
                .helpText("How often the console overview's hourly rollup of risk decisions looks for settled hours").add()
                .property().name("rollup-settle-seconds").type("int").defaultValue(600)
                .helpText("An hour is rolled up this long after it ended (at least 60): longer than any sign-in "
                        + "transaction stays open plus the clock difference between nodes").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
