package io.authio.keycloak.risk;

import java.time.Instant;
import java.util.Set;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import io.authio.core.risk.GeoLookup;
import io.authio.core.risk.RiskProfile;
import io.authio.core.risk.UserAgents;

/**
 * {@code authio-risk} event listener (add it to the realm's event listeners): scores and records failed
 * sign-ins (they feed the velocity and credential-stuffing signals), and after a successful sign-in
 * marks the decision succeeded and updates the user's profile and known devices. Runs inside the
 * request's transaction; database only.
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
        String ua = null;
        String deviceDigest = null;
        try {
            HttpHeaders headers = session.getContext().getRequestHeaders();
            ua = headers.getHeaderString(HttpHeaders.USER_AGENT);
            Cookie c = headers.getCookies().get(RiskNotes.DEVICE_COOKIE);
            deviceDigest = c == null ? null : RiskStore.sha256(realm.getId() + "\n" + c.getValue());
        } catch (RuntimeException notInRequest) {
            // no HTTP request behind this event
        }
        new RiskEvaluator(session, realm, env()).evaluate(RiskStore.KIND_FAILED, user, username, event.getIpAddress(), ua,
                deviceDigest, event.getSessionId(), "failed");
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
        String decisionId = us == null ? null : us.getNote(RiskNotes.DECISION_ID);
        if (decisionId == null) {
            return; // the flow has no risk evaluation (or this is an SSO re-login)
        }
        RiskStore store = new RiskStore(session);
        RiskDecisionEntity row = store.decision(realm.getId(), decisionId);
        if (row == null || !"pending".equals(row.getOutcome())) {
            return;
        }
        row.setOutcome("succeeded");
        long now = System.currentTimeMillis();
        GeoLookup.Geo geo = env().geo().lookup(RiskEvaluator.literal(row.getIp()));
        RiskProfile profile = store.profile(realm.getId(), row.getUserId());
        boolean hadHistory = profile.hasHistory();
        profile.recordSuccess(Instant.ofEpochMilli(now), row.getIp(), geo.country(), geo.asn(), geo.location());
        store.saveProfile(realm.getId(), row.getUserId(), profile, now);
        String device = us.getNote(RiskNotes.DEVICE);
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

    @Override
    public void init(Config.Scope config) {
        Integer seconds = config.getInt("step-up-expiry-seconds");
        if (seconds != null && seconds > 0) {
            stepUpExpiry = java.time.Duration.ofSeconds(seconds);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
        long period = Math.max(1, Math.min(60, stepUpExpiry.toSeconds()));
        // idempotent updates: every node may run it, and a node without the lock still expires its own abandoned ones
        io.authio.keycloak.store.Background.every(factory, "authio-step-up-expiry", java.time.Duration.ofSeconds(period), null,
                new StepUpExpiry(factory, stepUpExpiry));
    }

    @Override
    public java.util.List<org.keycloak.provider.ProviderConfigProperty> getConfigMetadata() {
        return org.keycloak.provider.ProviderConfigurationBuilder.create()
                .property().name("step-up-expiry-seconds").type("int").defaultValue(1800)
                .helpText("Pending step-up challenges older than this are marked expired").add()
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
