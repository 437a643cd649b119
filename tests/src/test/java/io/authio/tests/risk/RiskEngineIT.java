package io.authio.tests.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.server.KeycloakUrls;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Requirement;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * The adaptive risk engine through real logins on the demo realm's "authio browser" flow: client
 * addresses come through X-Forwarded-For, devices are cookie jars, the second factor is a real TOTP.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RiskEngineIT {

    // Real addresses with known GeoLite2 locations
    static final String MUNICH = "62.96.0.1";
    static final String MUNICH_OTHER_NETWORK = "62.96.1.1";
    static final String PARIS = "195.154.122.113";
    static final String SYDNEY = "203.2.218.214";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    /** The demo realm's configuration under its own name (see RiskLogins.realm). */
    private static Realms.TestRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Oidc oidc() {
        return new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
    }

    private String api() {
        return realm.baseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }

    @org.junit.jupiter.api.BeforeEach
    void importRealm() {
        if (realm == null) {
            realm = RiskLogins.realm(admin, urls, "authio-risk-engine");
        }
    }

    @AfterEach
    void defaultSettings() {
        Json.Reply r = Json.send("PUT", api() + "/risk-settings", admin.tokenManager().getAccessTokenString(), "{}");
        assertEquals(200, r.status(), r.body());
    }

    private void settings(String json) {
        Json.Reply r = Json.send("PUT", api() + "/risk-settings", admin.tokenManager().getAccessTokenString(), json);
        assertEquals(200, r.status(), r.body());
    }

    static List<Map<String, Object>> decisions(String realmId, String userId) {
        return TestDb.query("select * from AUTHIO_RISK_DECISION where REALM_ID = ? and USER_ID = ? and KIND = 'login' "
                + "order by CREATED_AT desc, ID desc", realmId, userId);
    }

    static List<String> signals(Map<String, Object> row) {
        JsonNode explanation = Json.MAPPER.valueToTree(io.authio.core.json.Json.read((String) row.get("signals")));
        return explanation.get("signals").findValuesAsText("signal");
    }

    static void skipWithoutGeo() {
        Requirement.require(RiskEngineIT.class, RiskEnvironmentFiles.geoCity() != null ? null
                : "the GeoLite2 City database could not be fetched from npm (tests/src/test/scripts/fetch-geo.sh)");
    }

    @Test
    void aFamiliarDeviceAndNetworkIsAllowedWithoutAStepUp() {
        // no second factor enrolled: at low risk nothing but the password is asked
        Users.Created anna = Users.create(realm.admin(), "anna");
        Browser laptop = RiskLogins.deviceAt(MUNICH);

        Oidc.LoginResult first = RiskLogins.passwordLogin(oidc(), laptop, anna.username(), Users.PASSWORD);
        assertTrue(first.succeeded(), "the first sign-in has no history to compare with: allowed");
        assertNotNull(RiskLogins.deviceCookie(laptop), "the device cookie is set");
        Oidc.LoginResult second = RiskLogins.passwordLogin(oidc(), laptop, anna.username(), Users.PASSWORD);
        assertTrue(second.succeeded(), "no OTP page: the familiar device and network pass straight through");

        JsonNode claim = RiskLogins.accessToken(second).get("authio_risk");
        assertEquals("allow", claim.get("decision").asText());
        assertEquals(0, claim.get("signals").size(), claim.toString());
        assertEquals(2, claim.get("score").asInt());
        assertEquals("1", RiskLogins.accessToken(second).get("acr").asText());
        assertEquals(claim, RiskLogins.idToken(second).get("authio_risk"), "the ID token carries the same claim");

        List<Map<String, Object>> rows = decisions(realm.id(), anna.id());
        assertEquals(2, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals("allow", row.get("decision"));
        assertEquals("succeeded", row.get("outcome"));
        assertEquals(MUNICH, row.get("ip"));
        assertNotNull(row.get("device_id"), "the device was recognised");
        assertEquals(claim.get("decision_id").asText(), row.get("id"));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", anna.id()));
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_DEVICE where REALM_ID = ? and USER_ID = ?", realm.id(), anna.id()));
        assertEquals(2, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? and TYPE = 'risk.evaluated'", anna.id()));
    }

    @Test
    void aNewCountryOnANewDeviceRequiresAStepUpAndPassingItRaisesTheAcr() {
        skipWithoutGeo();
        // the earlier sign-in was long enough ago for any travel
        settings("{\"signals\":{\"impossible_travel\":{\"enabled\":false}}}");
        RiskLogins.OtpUser ben = RiskLogins.createWithOtp(realm.admin(), "ben");
        assertTrue(RiskLogins.login(oidc(), RiskLogins.deviceAt(MUNICH), ben).succeeded());

        Browser phoneInParis = RiskLogins.deviceAt(PARIS);
        Oidc.LoginResult r = RiskLogins.passwordThenWrongThenRightOtp(oidc(), phoneInParis, ben, () -> assertEquals("failed",
                TestDb.query("select STATUS from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", ben.id()).get(0).get("status"),
                "a wrong code fails the challenge until a retry passes"));

        assertTrue(r.succeeded(), "the OTP step-up completes the sign-in");
        JsonNode token = RiskLogins.accessToken(r);
        JsonNode claim = token.get("authio_risk");
        assertEquals("step_up", claim.get("decision").asText());
        assertEquals("passed", claim.get("step_up").asText());
        List<String> fired = Json.MAPPER.convertValue(claim.get("signals"), List.class);
        assertTrue(fired.containsAll(List.of("new_device", "new_country", "new_ip", "new_network")), fired.toString());
        assertEquals("2", token.get("acr").asText(), "the passed step-up raises the level of authentication");
        assertEquals("2", RiskLogins.idToken(r).get("acr").asText());

        Map<String, Object> row = decisions(realm.id(), ben.id()).get(0);
        assertEquals("step_up", row.get("decision"));
        assertEquals("FR", row.get("country"));
        assertEquals("succeeded", row.get("outcome"));
        List<Map<String, Object>> challenges = TestDb.query(
                "select * from AUTHIO_STEP_UP_CHALLENGE where DECISION_ID = ?", row.get("id"));
        assertEquals(1, challenges.size());
        assertEquals("passed", challenges.get(0).get("status"));
        assertEquals("otp", challenges.get(0).get("method"));
        assertNotNull(challenges.get(0).get("completed_at"));
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? and TYPE = 'risk.step_up.required'", ben.id()));
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? and TYPE = 'risk.step_up.passed'", ben.id()));
    }

    @Test
    void aStepUpNobodyFinishesIsMarkedExpired() throws InterruptedException {
        skipWithoutGeo();
        settings("{\"signals\":{\"impossible_travel\":{\"enabled\":false}}}");
        RiskLogins.OtpUser dana = RiskLogins.createWithOtp(realm.admin(), "dana");
        assertTrue(RiskLogins.login(oidc(), RiskLogins.deviceAt(MUNICH), dana).succeeded());

        Browser phoneInParis = RiskLogins.deviceAt(PARIS);
        Oidc.LoginResult first = oidc().passwordLogin(oidc().begin(phoneInParis), dana.username(), Users.PASSWORD);
        assertTrue(!first.succeeded() && phoneInParis.page().selectFirst("form#kc-otp-login-form") != null, "the OTP step-up page");
        assertEquals("pending", TestDb.query("select STATUS from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", dana.id()).get(0).get("status"));

        // the user walks away; the sweep (step-up-expiry-seconds, 20 s in the test server) expires the challenge
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline && !"expired".equals(
                TestDb.query("select STATUS from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", dana.id()).get(0).get("status"))) {
            Thread.sleep(1000);
        }
        Map<String, Object> challenge = TestDb.query("select * from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", dana.id()).get(0);
        assertEquals("expired", challenge.get("status"));
        assertNotNull(challenge.get("completed_at"));
    }

    @Test
    void impossibleTravelBetweenTwoLoginsIsDeniedOrSteppedUpAsConfigured() {
        skipWithoutGeo();
        RiskLogins.OtpUser cleo = RiskLogins.createWithOtp(realm.admin(), "cleo");
        Browser laptop = RiskLogins.deviceAt(MUNICH);
        assertTrue(RiskLogins.login(oidc(), laptop, cleo).succeeded());

        // minutes later the same account signs in from Sydney: denied with the non-revealing page
        Oidc.LoginResult denied = RiskLogins.passwordLogin(oidc(), RiskLogins.moveTo(laptop, SYDNEY), cleo.username(), Users.PASSWORD);
        assertFalse(denied.succeeded());
        assertEquals(403, denied.response().statusCode());
        assertTrue(denied.response().body().contains("We could not complete this sign-in"), denied.response().body());
        Map<String, Object> row = decisions(realm.id(), cleo.id()).get(0);
        assertEquals("deny", row.get("decision"));
        assertEquals("denied", row.get("outcome"));
        assertTrue(signals(row).contains("impossible_travel"), signals(row).toString());
        assertEquals("AU", row.get("country"));

        // with deny switched off (threshold 101) the same travel asks for the second factor instead
        settings("{\"thresholds\":{\"step_up\":40,\"deny\":101}}");
        Oidc.LoginResult steppedUp = RiskLogins.passwordThenOtp(oidc(), RiskLogins.moveTo(laptop, SYDNEY), cleo);
        assertTrue(steppedUp.succeeded());
        assertEquals("step_up", RiskLogins.accessToken(steppedUp).get("authio_risk").get("decision").asText());
        assertTrue(signals(decisions(realm.id(), cleo.id()).get(0)).contains("impossible_travel"));
    }

    @Test
    void aDenylistedAddressGetsTheNonRevealingDenyPage() {
        RiskLogins.OtpUser dora = RiskLogins.createWithOtp(realm.admin(), "dora");
        Browser laptop = RiskLogins.deviceAt("62.96.2.1");
        assertTrue(RiskLogins.login(oidc(), laptop, dora).succeeded());

        Oidc.LoginResult r = RiskLogins.passwordLogin(oidc(), RiskLogins.moveTo(laptop, RiskEnvironmentFiles.DENYLISTED_IP),
                dora.username(), Users.PASSWORD);

        assertFalse(r.succeeded());
        assertEquals(403, r.response().statusCode());
        String body = r.response().body();
        assertTrue(body.contains("authio-risk-denied"), body);
        assertTrue(body.contains("We could not complete this sign-in"));
        for (String secret : List.of("denylist", "198.51.100", "score", "risk", "password")) {
            assertFalse(org.jsoup.Jsoup.parse(body).select("#authio-risk-denied").text().toLowerCase().contains(secret),
                    "the page reveals nothing about why: " + secret);
        }
        Map<String, Object> row = decisions(realm.id(), dora.id()).get(0);
        assertEquals("deny", row.get("decision"));
        assertTrue(signals(row).contains("denylisted_ip"));
        assertEquals(RiskEnvironmentFiles.DENYLISTED_IP, row.get("ip"));
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? and TYPE = 'risk.denied'", dora.id()));
    }

    @Test
    void failedAttemptsForTheAccountRaiseTheNextScore() throws InterruptedException {
        RiskLogins.OtpUser eli = RiskLogins.createWithOtp(realm.admin(), "eli");
        Browser laptop = RiskLogins.deviceAt("62.96.3.1");
        assertTrue(RiskLogins.login(oidc(), laptop, eli).succeeded());
        assertTrue(RiskLogins.login(oidc(), laptop, eli).succeeded());
        int before = ((Number) decisions(realm.id(), eli.id()).get(0).get("score")).intValue();

        for (int i = 0; i < 3; i++) {
            assertFalse(RiskLogins.passwordLogin(oidc(), laptop, eli.username(), "wrong-" + i).succeeded());
            Thread.sleep(1100); // slower than Keycloak's quick-login check, so brute force does not lock yet
        }
        List<Map<String, Object>> failed = TestDb.query("select * from AUTHIO_RISK_DECISION where USER_ID = ? and KIND = 'failed_attempt'", eli.id());
        assertEquals(3, failed.size(), "each failed attempt is scored and recorded");
        failed.forEach(f -> assertEquals("failed", f.get("outcome")));

        Oidc.LoginResult r = RiskLogins.login(oidc(), laptop, eli);
        assertTrue(r.succeeded());
        Map<String, Object> row = decisions(realm.id(), eli.id()).get(0);
        assertTrue(signals(row).contains("failed_attempts_user"), signals(row).toString());
        assertTrue(((Number) row.get("score")).intValue() > before, "score " + row.get("score") + " > " + before);
        String detail = Json.MAPPER.valueToTree(io.authio.core.json.Json.read((String) row.get("signals"))).get("signals").get(0).get("detail").asText();
        assertTrue(detail.startsWith("3 failed sign-in(s)"), detail);
    }

    @Test
    void bruteForceProtectionStillLocksTheAccount() {
        RiskLogins.OtpUser finn = RiskLogins.createWithOtp(realm.admin(), "finn");
        Browser laptop = RiskLogins.deviceAt("62.96.4.1");
        assertTrue(RiskLogins.login(oidc(), laptop, finn).succeeded());
        // wrong passwords until Keycloak's detector locks the account: two within a second (its quick-login check)
        // usually do, the realm's failure factor (10) at the latest, however slowly a loaded machine sends them
        for (int i = 1; i <= 10 && !Boolean.TRUE.equals(realm.admin().attackDetection().bruteForceUserStatus(finn.id()).get("disabled")); i++) {
            assertFalse(RiskLogins.passwordLogin(oidc(), laptop, finn.username(), "wrong-" + i).succeeded());
        }

        Oidc.LoginResult r = RiskLogins.login(oidc(), laptop, finn);

        assertFalse(r.succeeded(), "the right password is refused while the account is locked");
        Map<String, Object> status = realm.admin().attackDetection().bruteForceUserStatus(finn.id());
        assertEquals(Boolean.TRUE, status.get("disabled"), status.toString());
    }

    @Test
    void usersSeeAndRevokeTheirKnownDevicesAndHearAboutNewOnes() throws jakarta.mail.MessagingException {
        RiskLogins.OtpUser gus = RiskLogins.createWithOtp(realm.admin(), "gus");
        Browser laptop = RiskLogins.deviceAt("62.96.5.1");
        Oidc.LoginResult r = RiskLogins.login(oidc(), laptop, gus);
        assertTrue(r.succeeded());
        String token = r.tokens().get("access_token").asText();

        Json.Reply list = Json.get(realm.baseUrl() + "/authio/devices", token);
        assertEquals(200, list.status(), list.body());
        JsonNode devices = list.json().get("data");
        assertEquals(1, devices.size());
        assertEquals("Browser on Linux", devices.get(0).get("label").asText());
        assertEquals("62.96.5.1", devices.get(0).get("last_ip").asText());
        assertFalse(list.body().contains(RiskLogins.deviceCookie(laptop)), "the cookie value is never shown");

        // another user cannot revoke it
        RiskLogins.OtpUser mallory = RiskLogins.createWithOtp(realm.admin(), "mallory");
        String malloryToken = RiskLogins.login(oidc(), RiskLogins.deviceAt("62.96.6.1"), mallory)
                .tokens().get("access_token").asText();
        String deviceId = devices.get(0).get("id").asText();
        assertEquals(404, Json.send("DELETE", realm.baseUrl() + "/authio/devices/" + deviceId, malloryToken, null).status());
        assertEquals(401, Json.get(realm.baseUrl() + "/authio/devices", null).status());

        assertEquals(204, Json.send("DELETE", realm.baseUrl() + "/authio/devices/" + deviceId, token, null).status());
        assertEquals(0, Json.get(realm.baseUrl() + "/authio/devices", token).json().get("data").size());
        GreenMail smtp = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            assertTrue(RiskLogins.login(oidc(), laptop, gus).succeeded());
            assertTrue(signals(decisions(realm.id(), gus.id()).get(0)).contains("new_device"),
                    "after revocation the device counts as new again");
            // the user hears about the sign-in from a new device, after the login committed
            assertTrue(smtp.waitForIncomingEmail(15_000, 1), "a new-device email arrives");
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertEquals(gus.username() + "@example.test", mail.getAllRecipients()[0].toString());
            assertEquals("New sign-in to Authio Demo", mail.getSubject());
            String text = GreenMailUtil.getBody(mail);
            assertTrue(text.contains("62.96.5.1") && text.contains("Browser on Linux"), text);
        } finally {
            smtp.stop();
        }
        assertNull(null);
    }
}
