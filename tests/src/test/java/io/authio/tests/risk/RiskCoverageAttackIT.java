package io.authio.tests.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jsoup.nodes.Element;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Attacks on risk coverage (threat model, "Risk scoring coverage"): a sign-in the engine never sees cannot be
 * stepped up or denied. Direct grants (resource-owner password), identity-provider logins and SSO-cookie
 * sign-ins each leave a decision row; a direct grant is stepped up (refused with an OAuth error asking for a
 * browser sign-in) or denied like a wrong password; one administrator call or one import attribute turns Authio on
 * for a realm that has nothing of it (the server option for every new realm is in {@code OperatorOptionsAttackIT}).
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class RiskCoverageAttackIT {

    static final String CLI = "coverage-cli";
    static final String DIRECT_GRANT_FLOW = "authio direct grant";
    static final String PYTHON = "python-requests/2.32.3";

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectAdminClient
    Keycloak admin;

    private static Realms.TestRealm realm;

    @BeforeEach
    void importRealm() {
        if (realm == null) {
            realm = RiskLogins.realm(admin, urls, "authio-risk-coverage");
            directGrantClient(realm, CLI);
        }
    }

    @AfterEach
    void defaultSettings() {
        assertEquals(200, Json.send("PUT", api(realm) + "/risk-settings", admin.tokenManager().getAccessTokenString(), "{}").status());
    }

    @Test
    void aDirectGrantSignInIsScoredAndRecordedAsOneDecision() {
        Users.Created ann = Users.create(realm.admin(), "dg-ann");

        Json.Reply r = directGrant(realm, CLI, ann.username(), Users.PASSWORD, "62.96.20.1", null);

        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> rows = rows(realm.id(), ann.id());
        assertEquals(1, rows.size(), "one AUTHIO_RISK_DECISION row for the direct grant: " + rows);
        Map<String, Object> row = rows.get(0);
        assertEquals("direct_grant", row.get("kind"));
        assertEquals("allow", row.get("decision"), "an app's user agent is no automation signal on the direct grant: " + row.get("signals"));
        assertEquals("succeeded", row.get("outcome"));
        assertEquals("62.96.20.1", row.get("ip"));
        JsonNode claim = Jwt.parse(r.json().get("access_token").asText()).payload().get("authio_risk");
        assertNotNull(claim, "the direct grant's tokens carry the decision");
        assertEquals(row.get("id"), claim.get("decision_id").asText());
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? and TYPE = 'risk.evaluated'", ann.id()));
    }

    @Test
    void aDirectGrantFromADenylistedAddressIsRefusedWithTheAnswerOfAWrongPassword() throws InterruptedException {
        Users.Created bo = Users.create(realm.admin(), "dg-bo");
        assertEquals(200, directGrant(realm, CLI, bo.username(), Users.PASSWORD, "62.96.20.2", null).status());
        Json.Reply wrong = directGrant(realm, CLI, bo.username(), "not-the-password", "62.96.20.3", null);
        Thread.sleep(1100); // past Keycloak's quick-login check

        Json.Reply denied = directGrant(realm, CLI, bo.username(), Users.PASSWORD, RiskEnvironmentFiles.DENYLISTED_IP, null);

        assertEquals(wrong.status(), denied.status(), "a denied grant looks like a wrong password: " + denied.body());
        assertEquals(wrong.json(), denied.json(), "same body: the caller learns nothing about the password or the signals");
        Map<String, Object> row = rows(realm.id(), bo.id()).get(0);
        assertEquals("direct_grant", row.get("kind"));
        assertEquals("deny", row.get("decision"));
        assertEquals("denied", row.get("outcome"));
        assertTrue(String.valueOf(row.get("signals")).contains("denylisted_ip"));
        assertEquals(1, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? and TYPE = 'risk.denied'", bo.id()));
        assertEquals(Boolean.FALSE, realm.admin().attackDetection().bruteForceUserStatus(bo.id()).get("disabled"),
                "a refusal by the risk engine is no password failure: it never locks the owner out");
    }

    @Test
    void aDirectGrantThatNeedsAStepUpIsRefusedWithAnOAuthErrorAskingForABrowserSignIn() {
        settings("{\"thresholds\":{\"step_up\":1,\"deny\":101}}");
        AuthenticatorConfigRepresentation config = directGrantRiskConfig(realm);
        Map<String, String> before = new LinkedHashMap<>(config.getConfig());
        config.getConfig().put("deny-without-second-factor", "false");
        realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
        try {
            Users.Created cai = Users.create(realm.admin(), "dg-cai");
            Json.Reply r = directGrant(realm, CLI, cai.username(), Users.PASSWORD, "62.96.20.4", null);
            assertEquals(400, r.status(), r.body());
            assertEquals("interaction_required", r.json().get("error").asText());
            assertTrue(r.json().get("error_description").asText().toLowerCase().contains("browser"), r.body());
            assertFalse(r.json().has("access_token"));
            Map<String, Object> row = rows(realm.id(), cai.id()).get(0);
            assertEquals("step_up", row.get("decision"));
            assertEquals("refused", row.get("outcome"));

            // a user who sends their one-time code with the grant has passed the step-up in the same request
            RiskLogins.OtpUser dan = RiskLogins.createWithOtp(realm.admin(), "dg-dan");
            Json.Reply passed = directGrant(realm, CLI, dan.username(), Users.PASSWORD, "62.96.20.5", RiskLogins.totp(dan.secret()));
            assertEquals(200, passed.status(), passed.body());
            JsonNode token = Jwt.parse(passed.json().get("access_token").asText()).payload();
            assertEquals("passed", token.get("authio_risk").get("step_up").asText());
            List<Map<String, Object>> challenges = TestDb.query("select * from AUTHIO_STEP_UP_CHALLENGE where USER_ID = ?", dan.id());
            assertEquals(1, challenges.size());
            assertEquals("passed", challenges.get(0).get("status"));
            assertEquals("otp", challenges.get(0).get("method"));
        } finally {
            config.setConfig(before);
            realm.admin().flows().updateAuthenticatorConfig(config.getId(), config);
        }
    }

    @Test
    void withTheDefaultConfigurationAStepUpWithoutASecondFactorIsADeny() {
        settings("{\"thresholds\":{\"step_up\":1,\"deny\":101}}");
        Users.Created eve = Users.create(realm.admin(), "dg-eve");

        Json.Reply r = directGrant(realm, CLI, eve.username(), Users.PASSWORD, "62.96.20.6", null);

        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_grant", r.json().get("error").asText());
        assertEquals("Invalid user credentials", r.json().get("error_description").asText(), "the answer of a wrong password");
        assertEquals("deny", rows(realm.id(), eve.id()).get(0).get("decision"));
    }

    @Test
    void anSsoCookieSignInGetsADecisionRowButNoStepUp() {
        Users.Created fay = Users.create(realm.admin(), "sso-fay");
        Browser laptop = RiskLogins.deviceAt("62.96.21.1");
        Oidc oidc = new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.passwordLogin(oidc.begin(laptop), fay.username(), Users.PASSWORD).succeeded());
        assertEquals(1, rows(realm.id(), fay.id()).size());
        settings("{\"thresholds\":{\"step_up\":1,\"deny\":101}}");

        Oidc.LoginResult sso = oidc.silentLogin(laptop);

        assertTrue(sso.succeeded(), "the SSO cookie signs in without a page (no step-up on cookie sign-ins by default): "
                + sso.response().statusCode());
        List<Map<String, Object>> rows = rows(realm.id(), fay.id());
        assertEquals(2, rows.size(), "the cookie sign-in has its own decision row");
        assertEquals("sso", rows.get(0).get("kind"));
        assertEquals("succeeded", rows.get(0).get("outcome"));
        assertEquals("62.96.21.1", rows.get(0).get("ip"));
        assertNotNull(rows.get(0).get("device_id"), "the browser's device is recognised");
    }

    @Test
    void whereTheRealmConfiguredItARiskyCookieSignInMustSignInAgain() {
        Realms.TestRealm cookieRealm = RiskLogins.realm(admin, urls, "authio-risk-coverage-cookie");
        var flows = cookieRealm.admin().flows();
        flows.addExecution("authio browser", Map.of("provider", "authio-risk-cookie"));
        var added = flows.getExecutions("authio browser").stream().filter(e -> "authio-risk-cookie".equals(e.getProviderId()))
                .findFirst().orElseThrow();
        added.setRequirement("ALTERNATIVE");
        flows.updateExecutions("authio browser", added);
        flows.raisePriority(added.getId());
        flows.raisePriority(added.getId());
        flows.removeExecution(flows.getExecutions("authio browser").stream().filter(e -> "auth-cookie".equals(e.getProviderId()))
                .findFirst().orElseThrow().getId());
        Users.Created gil = Users.create(cookieRealm.admin(), "sso-gil");
        Browser laptop = RiskLogins.deviceAt("62.96.24.1");
        Oidc oidc = new Oidc(cookieRealm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        assertTrue(oidc.passwordLogin(oidc.begin(laptop), gil.username(), Users.PASSWORD).succeeded());

        Oidc.LoginResult fromDenylisted = oidc.silentLogin(RiskLogins.moveTo(laptop, RiskEnvironmentFiles.DENYLISTED_IP));

        assertFalse(fromDenylisted.succeeded(), "the session's cookie is not honoured from a denylisted network");
        assertNotNull(laptop.page().selectFirst("form#kc-form-login"), "the user must sign in again: " + laptop.page().title());
        Map<String, Object> refused = rows(cookieRealm.id(), gil.id()).get(0);
        assertEquals("sso", refused.get("kind"));
        assertEquals("reauthenticate", refused.get("outcome"));
        assertEquals("deny", refused.get("decision"));

        Oidc.LoginResult back = oidc.silentLogin(RiskLogins.moveTo(laptop, "62.96.24.1"));
        assertTrue(back.succeeded(), "from the usual network the cookie signs in as before");
        List<Map<String, Object>> rows = rows(cookieRealm.id(), gil.id());
        assertEquals(3, rows.size(), "login, the refused cookie sign-in, the honoured one (recorded once): " + rows);
        assertEquals("sso", rows.get(0).get("kind"));
        assertEquals("succeeded", rows.get(0).get("outcome"));
    }

    @Test
    void anIdentityProviderSignInGetsADecisionRow() {
        String source = "authio-coverage-source";
        if (admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals(source))) {
            RealmRepresentation rep = new RealmRepresentation();
            rep.setRealm(source);
            rep.setEnabled(true);
            rep.setSslRequired("none");
            admin.realms().create(rep);
            ClientRepresentation broker = new ClientRepresentation();
            broker.setClientId("coverage-broker");
            broker.setPublicClient(false);
            broker.setSecret("broker-secret");
            broker.setStandardFlowEnabled(true);
            broker.setRedirectUris(List.of(realm.baseUrl() + "/broker/corp/endpoint"));
            close(admin.realm(source).clients().create(broker));
            IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
            idp.setAlias("corp");
            idp.setProviderId("oidc");
            idp.setEnabled(true);
            idp.setTrustEmail(true);
            String src = urls.getBase() + "/realms/" + source + "/protocol/openid-connect";
            idp.setConfig(new LinkedHashMap<>(Map.of("clientId", "coverage-broker", "clientSecret", "broker-secret",
                    "authorizationUrl", src + "/auth", "tokenUrl", src + "/token", "clientAuthMethod", "client_secret_post",
                    "defaultScope", "openid email profile", "syncMode", "IMPORT", "validateSignature", "false")));
            close(realm.admin().identityProviders().create(idp));
        }
        String username = "ida-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation ida = new UserRepresentation();
        ida.setUsername(username);
        ida.setEmail(username + "@corp.example.test");
        ida.setEmailVerified(true);
        ida.setFirstName("Ida");
        ida.setLastName("Corp");
        ida.setEnabled(true);
        CredentialRepresentation pw = new CredentialRepresentation();
        pw.setType(CredentialRepresentation.PASSWORD);
        pw.setValue(Users.PASSWORD);
        pw.setTemporary(false);
        ida.setCredentials(List.of(pw));
        close(admin.realm(source).users().create(ida));

        Browser browser = RiskLogins.deviceAt("62.96.22.1");
        Oidc oidc = new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        Oidc.Authorization auth = oidc.begin(browser);
        Element link = browser.page().selectFirst("a[href*='/broker/corp/login']");
        assertNotNull(link, "the login page offers the identity provider");
        browser.open(link.absUrl("href"));
        HttpResponse<String> back = browser.submit("form#kc-form-login", Map.of("username", username, "password", Users.PASSWORD));
        if (back.statusCode() == 200 && browser.page().selectFirst("form[id*=review-profile], form#kc-update-profile-form") != null) {
            back = browser.submit("form[id*=review-profile], form#kc-update-profile-form", Map.of());
        }
        Oidc.LoginResult r = oidc.finish(auth, back);

        assertTrue(r.succeeded(), "the broker sign-in completes: " + back.statusCode() + " " + browser.page().title());
        String userId = realm.admin().users().searchByUsername(username, true).get(0).getId();
        List<Map<String, Object>> rows = rows(realm.id(), userId);
        assertEquals(1, rows.size(), "one decision row for the identity-provider sign-in");
        assertEquals("broker", rows.get(0).get("kind"));
        assertEquals("succeeded", rows.get(0).get("outcome"));
        assertEquals("62.96.22.1", rows.get(0).get("ip"));
    }

    @Test
    void oneAdministratorCallTurnsAuthioOnForARealmThatHadNothingOfIt() {
        String name = "authio-coverage-stock";
        if (admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(name))) {
            admin.realm(name).remove();
        }
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setSslRequired("none");
        admin.realms().create(rep);
        Realms.TestRealm stock = new Realms.TestRealm(name, admin.realm(name).toRepresentation().getId(), urls.getBase() + "/realms/" + name,
                admin.realm(name));
        directGrantClient(stock, CLI);
        PublicClient.addTo(stock.admin());
        Users.Created viewer = Users.create(stock.admin(), "viewer");
        Users.grantRealmManagement(stock.admin(), viewer.id(), "view-realm");
        Users.Created gil = Users.create(stock.admin(), "gil");

        Json.Reply refused = Json.send("POST", api(stock) + "/setup", Users.adminCliToken(stock.baseUrl(), viewer.username()), null);
        assertEquals(403, refused.status(), "turning Authio on changes the realm's flows: manage-realm, not view-realm: " + refused.body());
        assertEquals("browser", stock.admin().toRepresentation().getBrowserFlow(), "a refused call changes nothing");

        Json.Reply setup = Json.send("POST", api(stock) + "/setup", admin.tokenManager().getAccessTokenString(), null);

        assertEquals(200, setup.status(), setup.body());
        RealmRepresentation after = stock.admin().toRepresentation();
        assertEquals("authio browser", after.getBrowserFlow());
        assertEquals(DIRECT_GRANT_FLOW, after.getDirectGrantFlow());
        assertTrue(after.getEventsListeners().containsAll(List.of("authio-audit", "authio-risk")), after.getEventsListeners().toString());
        assertEquals(200, directGrant(stock, CLI, gil.username(), Users.PASSWORD, "62.96.23.1", null).status());
        assertEquals("direct_grant", rows(stock.id(), gil.id()).get(0).get("kind"));
        Oidc.LoginResult browserLogin = PublicClient.oidc(stock.baseUrl()).passwordLogin(
                PublicClient.oidc(stock.baseUrl()).begin(RiskLogins.deviceAt("62.96.23.2")), gil.username(), Users.PASSWORD);
        assertTrue(browserLogin.succeeded());
        assertEquals("login", rows(stock.id(), gil.id()).get(0).get("kind"), "the browser sign-in runs the risk checks");
        assertEquals(2, rows(stock.id(), gil.id()).size());

        Json.Reply again = Json.send("POST", api(stock) + "/setup", admin.tokenManager().getAccessTokenString(), null);
        assertEquals(200, again.status(), again.body());
        assertEquals(0, again.json().get("flows_created").size(), "a second call changes nothing: " + again.body());
    }

    @Test
    void aRealmImportedWithTheAuthioAttributeHasAuthioOnFromTheStart() {
        String name = "authio-coverage-imported";
        if (admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(name))) {
            admin.realm(name).remove();
        }
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setAttributes(Map.of("authio.setup", "install"));

        admin.realms().create(rep);

        RealmRepresentation after = admin.realm(name).toRepresentation();
        assertEquals("authio browser", after.getBrowserFlow());
        assertEquals(DIRECT_GRANT_FLOW, after.getDirectGrantFlow());
        assertTrue(after.getEventsListeners().contains("authio-risk"), after.getEventsListeners().toString());
    }

    // ---------------------------------------------------------------------------------------------------------

    static String api(Realms.TestRealm r) {
        return r.baseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }

    private void settings(String json) {
        Json.Reply r = Json.send("PUT", api(realm) + "/risk-settings", admin.tokenManager().getAccessTokenString(), json);
        assertEquals(200, r.status(), r.body());
    }

    static List<Map<String, Object>> rows(String realmId, String userId) {
        return TestDb.query("select * from AUTHIO_RISK_DECISION where REALM_ID = ? and USER_ID = ? and KIND <> 'failed_attempt' "
                + "order by CREATED_AT desc, ID desc", realmId, userId);
    }

    /** A public client for the password grant, with the risk claim mapper (as the demo app has). */
    static void directGrantClient(Realms.TestRealm r, String clientId) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setPublicClient(true);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(true);
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("authio risk");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("authio-risk-mapper");
        mapper.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true"));
        c.setProtocolMappers(List.of(mapper));
        close(r.admin().clients().create(c));
    }

    static AuthenticatorConfigRepresentation directGrantRiskConfig(Realms.TestRealm r) {
        var execution = r.admin().flows().getExecutions(DIRECT_GRANT_FLOW).stream()
                .filter(e -> "authio-risk-direct-grant".equals(e.getProviderId())).findFirst()
                .orElseThrow(() -> new AssertionError("the " + DIRECT_GRANT_FLOW + " flow has no authio-risk-direct-grant execution"));
        return r.admin().flows().getAuthenticatorConfig(execution.getAuthenticationConfig());
    }

    /** The password grant from a client address (X-Forwarded-For) with an app's user agent. */
    static Json.Reply directGrant(Realms.TestRealm r, String clientId, String username, String password, String ip, String totp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        if (totp != null) {
            form.put("totp", totp);
        }
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return Json.send(HttpRequest.newBuilder(URI.create(r.baseUrl() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", PYTHON)
                .header("X-Forwarded-For", ip)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void close(Response r) {
        try (r) {
            if (r.getStatus() / 100 != 2) {
                throw new AssertionError("admin call answered " + r.getStatus());
            }
        }
    }
}
