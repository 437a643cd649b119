package io.authio.tests.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.passwordless.MagicLinkFlow;
import io.authio.tests.passwordless.Mailbox;
import io.authio.tests.passwordless.Passkeys;
import io.authio.tests.risk.RiskLogins;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Attack: sign in to an account whose owner enrolled a second factor with the first factor alone. The demo
 * realm's "authio browser" flow must ask for an enrolled OTP or security key on every password or email-link
 * sign-in, as stock Keycloak's browser flow does, whatever the risk engine thinks; a passkey sign-in with user
 * verification counts as both factors; {@code acr} and {@code amr} in the tokens say what happened.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class SecondFactorAttackIT {

    private static final String HOME = "62.96.20.1";
    private static final String ORIGIN = "http://localhost:8080";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;

    @BeforeEach
    void importRealm() {
        if (realm == null) {
            realm = RiskLogins.realm(admin, urls, "authio-second-factor-attack");
        }
    }

    @AfterEach
    void defaultRiskSettings() {
        Json.Reply r = Json.send("PUT", api() + "/risk-settings", admin.tokenManager().getAccessTokenString(), "{}");
        assertEquals(200, r.status(), r.body());
    }

    private String api() {
        return realm.baseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }

    private Oidc oidc() {
        return new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
    }

    private static boolean onOtpPage(Browser b) {
        return b.page().selectFirst("form#kc-otp-login-form") != null;
    }

    private static List<String> amr(Oidc.LoginResult r) {
        JsonNode amr = RiskLogins.accessToken(r).get("amr");
        assertNotNull(amr, "the access token has an amr claim: " + RiskLogins.accessToken(r));
        assertEquals(amr, RiskLogins.idToken(r).get("amr"), "the ID token says the same");
        return Json.MAPPER.convertValue(amr, List.class);
    }

    private static String acr(Oidc.LoginResult r) {
        return RiskLogins.accessToken(r).get("acr").asText();
    }

    /** Enrols OTP the way a user does: the CONFIGURE_TOTP required action at sign-in, answered with a code. */
    private RiskLogins.OtpUser enrolOtp(Browser browser) {
        Users.Created user = Users.create(realm.admin(), "enrol");
        UserRepresentation rep = realm.admin().users().get(user.id()).toRepresentation();
        rep.setRequiredActions(List.of("CONFIGURE_TOTP"));
        realm.admin().users().get(user.id()).update(rep);

        Oidc.Authorization auth = oidc().begin(browser);
        HttpResponse<String> setup = Oidc.skipPasskeyOffer(browser,
                browser.submit("form#kc-form-login", Map.of("username", user.username(), "password", Users.PASSWORD)));
        assertTrue(setup.body().contains("id=\"kc-totp-settings-form\""), "the OTP set-up page: " + setup.body());
        String secret = browser.page().selectFirst("input[name=totpSecret]").attr("value");
        RiskLogins.OtpUser enrolled = new RiskLogins.OtpUser(user.id(), user.username(), secret);
        HttpResponse<String> done = browser.submit("form#kc-totp-settings-form",
                Map.of("totp", RiskLogins.totp(secret), "userLabel", "phone"));
        Oidc.LoginResult first = oidc().finish(auth, Oidc.skipPasskeyOffer(browser, done));
        assertTrue(first.succeeded(), () -> "enrolment completes the sign-in: " + first.response().body());
        RiskLogins.endSession(browser);
        return enrolled;
    }

    @Test
    void anOtpUserIsAskedForTheCodeAgainInTheBrowserWhereTheyEnrolledIt() {
        Browser laptop = RiskLogins.deviceAt(HOME);
        RiskLogins.OtpUser user = enrolOtp(laptop);

        Oidc.Authorization auth = oidc().begin(laptop);
        Oidc.LoginResult passwordOnly = oidc().passwordLogin(auth, user.username(), Users.PASSWORD);

        assertFalse(passwordOnly.succeeded(), "the password alone must not sign in an account with OTP enrolled");
        assertTrue(onOtpPage(laptop), "the OTP page is shown: " + laptop.last().body());
        HttpResponse<String> afterOtp = laptop.submit("form#kc-otp-login-form", Map.of("otp", RiskLogins.totp(user.secret())));
        Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(laptop, afterOtp));
        assertTrue(r.succeeded(), () -> r.response().body());
        assertEquals(List.of("pwd", "otp", "mfa"), amr(r));
        assertEquals("2", acr(r), "two factors: level 2");
        assertEquals("allow", RiskLogins.accessToken(r).get("authio_risk").get("decision").asText(),
                "a familiar browser at low risk: the code is asked because it is enrolled, not because of risk");
    }

    @Test
    void anOtpUserIsAskedForTheCodeFromANewBrowser() {
        RiskLogins.OtpUser user = enrolOtp(RiskLogins.deviceAt(HOME));

        Browser elsewhere = RiskLogins.deviceAt("62.96.21.1");
        Oidc.LoginResult passwordOnly = oidc().passwordLogin(oidc().begin(elsewhere), user.username(), Users.PASSWORD);

        assertFalse(passwordOnly.succeeded(), "a new browser with the password alone must not get in");
        assertTrue(onOtpPage(elsewhere), "the OTP page is shown: " + elsewhere.last().body());
    }

    @Test
    void aUserWithASecurityKeyIsAskedForItAfterThePassword() {
        Users.Created user = Users.create(realm.admin(), "security-key");
        UserRepresentation rep = realm.admin().users().get(user.id()).toRepresentation();
        rep.setRequiredActions(List.of("webauthn-register"));
        realm.admin().users().get(user.id()).update(rep);
        Passkeys key = new Passkeys(ORIGIN);
        Browser first = RiskLogins.deviceAt(HOME);
        Oidc.Authorization enrol = oidc().begin(first);
        HttpResponse<String> registration = Oidc.skipPasskeyOffer(first,
                first.submit("form#kc-form-login", Map.of("username", user.username(), "password", Users.PASSWORD)));
        assertTrue(registration.body().contains("id=\"register\""), "the security key registration: " + registration.body());
        assertTrue(oidc().finish(enrol, key.register(first, null)).succeeded(), "the security key is registered");
        assertTrue(realm.admin().users().get(user.id()).credentials().stream().anyMatch(c -> "webauthn".equals(c.getType())));

        Browser elsewhere = RiskLogins.deviceAt("62.96.23.1");
        Oidc.Authorization auth = oidc().begin(elsewhere);
        Oidc.LoginResult passwordOnly = oidc().passwordLogin(auth, user.username(), Users.PASSWORD);

        assertFalse(passwordOnly.succeeded(), "the password alone must not sign in an account with a security key");
        assertTrue(elsewhere.last().body().contains("id=\"webauth\""), "the security key is asked for: " + elsewhere.last().body());
        Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(elsewhere, key.login(elsewhere)));
        assertTrue(r.succeeded(), () -> r.response().statusCode() + " " + r.response().body());
        assertEquals(List.of("pwd", "hwk", "mfa"), amr(r));
        assertEquals("2", acr(r));
    }

    @Test
    void aWrongCodeFailsTheSignInAndIsAudited() {
        RiskLogins.OtpUser user = RiskLogins.createWithOtp(realm.admin(), "wrong-otp");
        Browser browser = RiskLogins.deviceAt(HOME);
        Oidc.Authorization auth = oidc().begin(browser);
        oidc().passwordLogin(auth, user.username(), Users.PASSWORD);
        assertTrue(onOtpPage(browser), "the OTP page is shown: " + browser.last().body());

        String right = RiskLogins.totp(user.secret());
        String wrong = right.equals("000000") ? "111111" : "000000";
        HttpResponse<String> refused = browser.submit("form#kc-otp-login-form", Map.of("otp", wrong));

        assertFalse(oidc().finish(auth, refused).succeeded(), "a wrong code signs nobody in");
        assertTrue(onOtpPage(browser), "the OTP page again, with an error");
        List<Map<String, Object>> failed = TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ? "
                + "and TYPE = 'user.login.failed'", realm.id(), user.id());
        assertEquals(1, failed.size(), "the wrong code is audited");
        assertTrue(((String) failed.get(0).get("metadata")).contains("\"error\":\"invalid_user_credentials\""),
                String.valueOf(failed.get(0).get("metadata")));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ? "
                + "and TYPE = 'user.login.succeeded'", realm.id(), user.id()));

        Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(browser,
                browser.submit("form#kc-otp-login-form", Map.of("otp", right))));
        assertTrue(r.succeeded(), "the right code still completes the sign-in");
    }

    @Test
    void anEmailLinkSignInOfAnOtpUserAsksForTheCodeToo() {
        RiskLogins.OtpUser user = RiskLogins.createWithOtp(realm.admin(), "link-otp");
        String email = user.username() + "@example.test";
        try (Mailbox mail = new Mailbox()) {
            Browser browser = RiskLogins.deviceAt(HOME);
            Oidc.Authorization auth = oidc().begin(browser);
            MagicLinkFlow.choose(browser);
            MagicLinkFlow.request(browser, email);
            Mailbox.MagicLinkEmail message = mail.await(email, 1);

            HttpResponse<String> afterLink = MagicLinkFlow.openAndConfirm(browser, message.link());

            assertFalse(oidc().finish(auth, afterLink).succeeded(), "the email link alone must not sign in an account with OTP");
            assertTrue(onOtpPage(browser), "the OTP page follows the link: " + afterLink.body());
            Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(browser,
                    browser.submit("form#kc-otp-login-form", Map.of("otp", RiskLogins.totp(user.secret())))));
            assertTrue(r.succeeded(), () -> r.response().body());
            assertEquals(List.of("email", "otp", "mfa"), amr(r));
            assertEquals("2", acr(r));
        }
    }

    @Test
    void aUserWithoutASecondFactorAtLowRiskIsNotAskedForOne() {
        Users.Created user = Users.create(realm.admin(), "single");
        Browser browser = RiskLogins.deviceAt(HOME);

        Oidc.LoginResult r = oidc().passwordLogin(oidc().begin(browser), user.username(), Users.PASSWORD);

        assertTrue(r.succeeded(), () -> "straight to the app: " + r.response().body());
        assertEquals(List.of("pwd"), amr(r));
        assertEquals("1", acr(r));
    }

    @Test
    void aPasskeySignInCountsAsBothFactorsAndIsNotAskedTwice() {
        RiskLogins.OtpUser user = RiskLogins.createWithOtp(realm.admin(), "passkey-otp");
        Passkeys passkey = new Passkeys(ORIGIN);
        Browser first = RiskLogins.deviceAt(HOME);
        Oidc.Authorization enrol = oidc().begin(first);
        first.submit("form#kc-form-login", Map.of("username", user.username(), "password", Users.PASSWORD));
        if (onOtpPage(first)) {
            first.submit("form#kc-otp-login-form", Map.of("otp", RiskLogins.totp(user.secret())));
        }
        assertTrue(first.last().body().contains("id=\"authio-passkey-offer\""), first.last().body());
        first.submit("form#authio-passkey-offer", Map.of("passkey_offer", "create"));
        assertTrue(oidc().finish(enrol, passkey.register(first, null)).succeeded(), "the passkey is registered");

        // a new browser, with a step-up demanded for every sign-in: the passkey alone answers both
        Json.Reply set = Json.send("PUT", api() + "/risk-settings", admin.tokenManager().getAccessTokenString(),
                "{\"thresholds\":{\"step_up\":1,\"deny\":101}}");
        assertEquals(200, set.status(), set.body());
        Browser phone = RiskLogins.deviceAt("62.96.22.1");
        Oidc.Authorization auth = oidc().begin(phone);
        HttpResponse<String> afterPasskey = passkey.login(phone);

        assertFalse(afterPasskey.body().contains("kc-otp-login-form"), "no OTP after a passkey: " + afterPasskey.body());
        assertFalse(afterPasskey.body().contains("id=\"webauth\""), "no second WebAuthn prompt");
        Oidc.LoginResult r = oidc().finish(auth, afterPasskey);
        assertTrue(r.succeeded(), () -> r.response().statusCode() + " " + r.response().body());
        assertEquals(List.of("passkey", "rba", "mfa"), amr(r));
        assertEquals("2", acr(r));
        JsonNode claim = RiskLogins.accessToken(r).get("authio_risk");
        assertEquals("step_up", claim.get("decision").asText());
        assertEquals("passed", claim.get("step_up").asText());
        assertEquals("passkey", TestDb.query("select METHOD from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ? "
                + "order by CREATED_AT desc", user.id()).get(0).get("method"));
    }

    @Test
    void aStepUpForAnOtpUserAsksForTheCodeOnceAndRecordsTheStepUp() {
        RiskLogins.OtpUser user = RiskLogins.createWithOtp(realm.admin(), "step-up-otp");
        Json.Reply set = Json.send("PUT", api() + "/risk-settings", admin.tokenManager().getAccessTokenString(),
                "{\"thresholds\":{\"step_up\":1,\"deny\":101}}");
        assertEquals(200, set.status(), set.body());
        Browser browser = RiskLogins.deviceAt(HOME);
        Oidc.Authorization auth = oidc().begin(browser);
        oidc().passwordLogin(auth, user.username(), Users.PASSWORD);
        assertTrue(onOtpPage(browser), browser.last().body());

        HttpResponse<String> afterOtp = browser.submit("form#kc-otp-login-form", Map.of("otp", RiskLogins.totp(user.secret())));

        assertFalse(afterOtp.body().contains("kc-otp-login-form"), "one code answers both the enrolled factor and the step-up");
        Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(browser, afterOtp));
        assertTrue(r.succeeded(), () -> r.response().body());
        assertEquals(List.of("pwd", "otp", "rba", "mfa"), amr(r));
        assertEquals("2", acr(r));
        assertEquals("passed", RiskLogins.accessToken(r).get("authio_risk").get("step_up").asText());
        List<Map<String, Object>> challenges = TestDb.query("select * from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", user.id());
        assertEquals(1, challenges.size());
        assertEquals("passed", challenges.get(0).get("status"));
        assertEquals("otp", challenges.get(0).get("method"));
    }
}
