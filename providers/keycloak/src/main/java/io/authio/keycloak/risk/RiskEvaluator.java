package io.authio.keycloak.risk;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.authio.core.id.Hashing;
import io.authio.core.id.Uuid7;
import io.authio.core.json.Json;
import io.authio.core.risk.FailureOrigins;
import io.authio.core.risk.GeoLookup;
import io.authio.core.risk.Networks;
import io.authio.core.risk.RiskAssessment;
import io.authio.core.risk.RiskInput;
import io.authio.core.risk.RiskProfile;
import io.authio.core.risk.RiskSettings;
import io.authio.core.risk.SignInChannel;

/**
 * Gathers the facts of one attempt (profile, device, counters from the database; geo and denylist from
 * local files), runs the engine and writes the AUTHIO_RISK_DECISION row. A few indexed reads and one
 * insert: no network I/O.
 */
final class RiskEvaluator {

    /** The outcome: the stored row, the assessment and the geo facts the profile update needs later. */
    record Evaluated(RiskDecisionEntity row, RiskAssessment assessment, GeoLookup.Geo geo) {
    }

    /** How many sources of an account's failures are told apart; failures beyond them count as from elsewhere. */
    private static final int FAILURE_GROUPS = 200;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RiskEnvironment env;
    private final RiskStore store;

    RiskEvaluator(KeycloakSession session, RealmModel realm, RiskEnvironment env) {
        this.session = session;
        this.realm = realm;
        this.env = env;
        this.store = new RiskStore(session);
    }

    /**
     * Evaluates an attempt. {@code user} may be null (unknown username); {@code deviceDigest} null when
     * the browser sent no device cookie.
     */
    Evaluated evaluate(String kind, UserModel user, String username, String ip, String userAgent, String deviceDigest,
            String sessionId, String outcome) {
        return evaluate(kind, SignInChannel.BROWSER, true, user, username, ip, userAgent, deviceDigest, sessionId, outcome);
    }

    /**
     * Evaluates a sign-in that came through {@code channel}; {@code enforced} false when the sign-in already
     * completed and the decision is only recorded (said so in the explanation).
     */
    Evaluated evaluate(SignInChannel channel, boolean enforced, UserModel user, String ip, String userAgent, String deviceDigest,
            String sessionId, String outcome) {
        return evaluate(channel.kind(), channel, enforced, user, user.getUsername(), ip, userAgent, deviceDigest, sessionId, outcome);
    }

    private Evaluated evaluate(String kind, SignInChannel channel, boolean enforced, UserModel user, String username, String ip,
            String userAgent, String deviceDigest, String sessionId, String outcome) {
        RiskSettings settings = RiskSettingsStore.load(realm);
        long nowMs = System.currentTimeMillis();
        Instant now = Instant.ofEpochMilli(nowMs);
        long since = nowMs - settings.failureWindowMinutes() * 60_000L;
        InetAddress address = literal(ip);
        GeoLookup.Geo geo = env.geo().lookup(address);

        RiskInput.Builder in = RiskInput.builder(now)
                .userAgent(userAgent)
                .geoAvailable(env.geo().hasGeo())
                .asnAvailable(env.geo().hasAsn())
                .denylistMatch(env.denylisted(address));
        // Per-IP counters are skipped for loopback clients: that is a local proxy whose forwarded headers are
        // not configured, and every user would share its address (one attacker could lock everybody out).
        if (ip != null && address != null && !address.isLoopbackAddress()) {
            in.failedFromIp((int) Math.min(Integer.MAX_VALUE, store.failuresFromIp(realm.getId(), ip, since)))
                    .distinctUsernamesFromIp((int) Math.min(Integer.MAX_VALUE, store.distinctUsernamesFromIp(realm.getId(), ip, since)));
        }
        DeviceEntity device = null;
        if (user != null) {
            RiskProfile profile = store.profile(realm.getId(), user.getId());
            device = deviceDigest == null ? null : store.device(realm.getId(), user.getId(), deviceDigest);
            in.hasHistory(profile.hasHistory())
                    .deviceKnown(device != null)
                    .ipKnown(profile.knowsIp(ip))
                    .networkKnown(profile.knowsNetwork(Networks.of(ip)))
                    .lastLocation(profile.lastLocation())
                    .lastSignInAt(profile.lastAt())
                    .hourHistogram(profile.hours());
            long failed = store.failuresForUser(realm.getId(), user.getId(), since);
            if (failed > 0) {
                in.failedForUser((int) Math.min(Integer.MAX_VALUE, failed)).failedForUserFromElsewhere(FailureOrigins.fromElsewhere(
                        failed, store.failureGroupsForUser(realm.getId(), user.getId(), since, FAILURE_GROUPS), profile, ip));
            }
            if (geo.country() != null) {
                in.country(geo.country(), profile.knowsCountry(geo.country()));
            }
            if (geo.asn() != null) {
                in.asn(geo.asn(), profile.knowsAsn(geo.asn()));
            }
            if (geo.location() != null) {
                in.location(geo.location());
            }
        } else {
            in.hasHistory(false);
        }
        // builder setters for country/asn/location mark geo as available; restore what the files say
        in.geoAvailable(env.geo().hasGeo()).asnAvailable(env.geo().hasAsn());
        RiskAssessment a = channel.assess(in.build(), settings, enforced);

        RiskDecisionEntity row = new RiskDecisionEntity();
        row.setId(Uuid7.next());
        row.setRealmId(realm.getId());
        row.setUserId(user == null ? null : user.getId());
        row.setKind(kind);
        row.setSessionId(sessionId);
        row.setIp(ip);
        row.setCountry(geo.country());
        row.setAsn(geo.asn());
        row.setDeviceId(device == null ? null : device.getId());
        row.setUserAgent(userAgent == null ? null : userAgent.length() > 255 ? userAgent.substring(0, 255) : userAgent);
        row.setUsernameDigest(RiskStore.usernameDigest(realm.getId(), username));
        row.setSignals(Json.write(a.toMap()));
        row.setScore(a.score());
        row.setDecision(a.decision().id());
        row.setOutcome(outcome);
        row.setCreatedAt(nowMs);
        store.insert(row);
        return new Evaluated(row, a, geo);
    }

    /** The claim apps receive: score, decision and the fired signals' names. */
    static String claimJson(RiskDecisionEntity row, RiskAssessment a, String stepUp) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("score", row.getScore());
        claim.put("decision", row.getDecision());
        claim.put("signals", a.signalIds());
        claim.put("decision_id", row.getId());
        if (stepUp != null) {
            claim.put("step_up", stepUp);
        }
        return Json.write(claim);
    }

    /** The request's user agent and the digest of its device cookie (null each when absent or not in a request). */
    record Browser(String userAgent, String deviceDigest) {

        static Browser of(KeycloakSession session, RealmModel realm) {
            try {
                HttpHeaders headers = session.getContext().getRequestHeaders();
                Cookie c = headers.getCookies().get(RiskNotes.DEVICE_COOKIE);
                return new Browser(headers.getHeaderString(HttpHeaders.USER_AGENT),
                        c == null || c.getValue() == null ? null : Hashing.sha256Hex(realm.getId() + "\n" + c.getValue()));
            } catch (RuntimeException notInRequest) {
                return new Browser(null, null); // no HTTP request behind this
            }
        }
    }

    /** Parses an IP literal without any DNS lookup; null for anything else. */
    static InetAddress literal(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45 || !ip.matches("^[0-9a-fA-F:.]+$")) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    RiskStore store() {
        return store;
    }
}
