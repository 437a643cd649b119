package io.authio.tests.passwordless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * The email-link sign-in of the demo realm's "authio browser" flow, end to end: the real login pages, a
 * real SMTP server, the OIDC authorization-code flow with PKCE.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class MagicLinkIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    /**
     * Keycloak's clock on the test server ({@code org.keycloak.common.util.Time}, which link lifetimes and the resend
     * cooldown read): moved instead of waited for. The framework sets it back to 0 after each test.
     */
    @InjectTimeOffSet
    TimeOffSet clock;

    private static Realms.TestRealm realm;
    private static Mailbox mail;

    @BeforeEach
    void setUp() {
        if (realm == null) {
            mail = new Mailbox();
            realm = Realms.importDemoAs(admin, urls, "authio-magic-link-it");
            // a short resend cooldown keeps the revocation tests fast; limits high enough for the whole class
            MagicLinkFlow.configure(realm.admin(), Map.of("resend-cooldown-seconds", "1", "per-ip-limit", "200"));
        }
    }

    @AfterAll
    static void tearDown() {
        if (mail != null) {
            mail.close();
            mail = null;
        }
        realm = null;
    }

    private Oidc oidc() {
        return new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
    }

    /** Starts a login in a fresh browser and asks for a link for the address; returns the browser's authorization. */
    private Oidc.Authorization requestLink(String email) {
        Oidc.Authorization auth = oidc().begin(new Browser());
        HttpResponse<String> form = MagicLinkFlow.choose(auth.browser());
        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().contains("id=\"authio-magic-link-request\""), form.body());
        HttpResponse<String> sent = MagicLinkFlow.request(auth.browser(), email);
        assertEquals(200, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains("id=\"authio-magic-link-sent\""), sent.body());
        return auth;
    }

    private Oidc.LoginResult finish(Oidc.Authorization auth, HttpResponse<String> response) {
        return oidc().finish(auth, Oidc.skipPasskeyOffer(auth.browser(), response));
    }

    private List<Map<String, Object>> auditRows(String type, String userId) {
        return TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = ? and USER_ID = ?",
                realm.id(), type, userId);
    }

    @Test
    void aLinkConfirmedInTheBrowserThatAskedForItSignsInThroughTheAuthorizationCodeFlowWithPkce() {
        Users.Created user = Users.create(realm.admin(), "link");
        Oidc.Authorization auth = requestLink(user.email());

        Mailbox.MagicLinkEmail email = mail.await(user.email(), 1);
        assertNotNull(email.link(), email.text());
        assertNotNull(email.code(), email.text());
        assertEquals("Your sign-in link", email.subject());
        assertTrue(email.html().contains(email.code()), "the HTML part carries the code too");

        HttpResponse<String> confirmPage = auth.browser().open(email.link());
        assertEquals(200, confirmPage.statusCode());
        assertTrue(confirmPage.body().contains("id=\"authio-magic-link-confirm\""), confirmPage.body());
        assertTrue(confirmPage.headers().firstValue("Cache-Control").orElse("").contains("no-store"));

        Oidc.LoginResult login = finish(auth, auth.browser().submit("form#authio-magic-link-confirm", Map.of()));

        assertTrue(login.succeeded(), () -> "no tokens: " + login.response().statusCode() + " " + login.response().body());
        assertEquals(1, auditRows("magic_link.sent", user.id()).size());
        List<Map<String, Object>> used = auditRows("magic_link.used", user.id());
        assertEquals(1, used.size());
        assertTrue(((String) used.get(0).get("metadata")).contains("\"method\":\"link\""));
        assertEquals(1, auditRows("user.login.succeeded", user.id()).size());
        for (Map<String, Object> row : TestDb.query("select METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ?",
                realm.id(), user.id())) {
            assertFalse(String.valueOf(row.get("metadata")).contains(email.token()), "no token in the audit log");
        }
    }

    @Test
    void theCodeTypedInTheOriginalTabSignsInWhenTheLinkIsOpenedOnAnotherDevice() {
        Users.Created user = Users.create(realm.admin(), "code");
        Oidc.Authorization auth = requestLink(user.email());
        Mailbox.MagicLinkEmail email = mail.await(user.email(), 1);

        Browser phone = new Browser();
        HttpResponse<String> elsewhere = MagicLinkFlow.openAndConfirm(phone, email.link());
        assertEquals(200, elsewhere.statusCode());
        assertEquals("not_bound", MagicLinkFlow.reason(elsewhere), elsewhere.body());
        assertFalse(elsewhere.body().contains("confirm_token"), "no way to consume the link from there");

        HttpResponse<String> wrong = MagicLinkFlow.enterCode(auth.browser(), email.code().equals("000000") ? "111111" : "000000");
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("That code is not valid"), wrong.body());

        Oidc.LoginResult login = finish(auth, MagicLinkFlow.enterCode(auth.browser(), email.code()));
        assertTrue(login.succeeded(), () -> login.response().body());
        List<Map<String, Object>> used = auditRows("magic_link.used", user.id());
        assertEquals(1, used.size());
        assertTrue(((String) used.get(0).get("metadata")).contains("\"method\":\"code\""));
    }

    @Test
    void aUsedLinkCannotBeUsedAgain() {
        Users.Created user = Users.create(realm.admin(), "replay");
        Oidc.Authorization auth = requestLink(user.email());
        Mailbox.MagicLinkEmail email = mail.await(user.email(), 1);
        assertTrue(finish(auth, MagicLinkFlow.openAndConfirm(auth.browser(), email.link())).succeeded());

        // the same browser, and a new sign-in attempt in it: the link stays dead
        HttpResponse<String> again = auth.browser().open(email.link());
        assertEquals(400, again.statusCode());
        assertEquals("used", MagicLinkFlow.reason(again));

        Oidc.Authorization second = oidc().begin(new Browser());
        MagicLinkFlow.choose(second.browser());
        HttpResponse<String> replay = MagicLinkFlow.openAndConfirm(second.browser(), email.link());
        assertEquals("used", MagicLinkFlow.reason(replay));
        assertEquals(1, auditRows("user.login.succeeded", user.id()).size(), "one sign-in per link");
    }

    @Test
    void openingTheLinkWithoutTheOriginatingSessionNeitherSignsInNorBurnsIt() throws Exception {
        Users.Created user = Users.create(realm.admin(), "scanner");
        Oidc.Authorization auth = requestLink(user.email());
        Mailbox.MagicLinkEmail email = mail.await(user.email(), 1);
        HttpClient scanner = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS)
                .connectTimeout(Duration.ofSeconds(10)).build();

        // a mail scanner: cookie-less GET (following redirects), then HEAD
        HttpResponse<String> get = scanner.send(HttpRequest.newBuilder(URI.create(email.link())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertEquals("not_bound", MagicLinkFlow.reason(get));
        assertTrue(get.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("KEYCLOAK_IDENTITY")));
        HttpResponse<String> head = scanner.send(HttpRequest.newBuilder(URI.create(email.link()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        // a scripted POST of the token: to the link itself, and to the very form action of the real
        // confirmation page (as if it leaked), without the browser's cookies
        HttpResponse<String> postToLink = scanner.send(HttpRequest.newBuilder(URI.create(email.link()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("confirm_token=" + email.token())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, postToLink.statusCode());
        HttpResponse<String> confirmPage = auth.browser().open(email.link());
        String action = auth.browser().page().selectFirst("form#authio-magic-link-confirm").absUrl("action");
        assertEquals(200, confirmPage.statusCode());
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> scripted = noRedirects.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("confirm_token=" + email.token())).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = scripted.headers().firstValue("Location").orElse("");
        assertFalse(location.startsWith(Oidc.DEMO_REDIRECT) && location.contains("code="),
                "the scripted POST must not yield an authorization code: " + location);
        assertTrue(scripted.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("KEYCLOAK_IDENTITY")));

        assertEquals(0, auditRows("magic_link.used", user.id()).size());
        assertEquals(0, auditRows("user.login.succeeded", user.id()).size());

        // the user in the original browser still signs in with the same link
        Oidc.LoginResult login = finish(auth, auth.browser().submit("form#authio-magic-link-confirm", Map.of()));
        assertTrue(login.succeeded(), () -> login.response().body());
    }

    @Test
    void aNewLinkRevokesTheOlderOneTheSameBrowserAskedFor() {
        Users.Created user = Users.create(realm.admin(), "revoke");
        Browser browser = new Browser();
        Oidc.Authorization first = oidc().begin(browser);
        MagicLinkFlow.choose(browser);
        MagicLinkFlow.request(browser, user.email());
        Mailbox.MagicLinkEmail one = mail.await(user.email(), 1);
        // the first tab's code form, to type the first code there later
        String firstTab = browser.page().selectFirst("form#authio-magic-link-code").absUrl("action");
        Map<String, String> firstFields = new java.util.LinkedHashMap<>();
        browser.page().select("form#authio-magic-link-code input[name]").forEach(i -> firstFields.put(i.attr("name"), i.attr("value")));

        // a second sign-in attempt (another tab) of the same browser asks again
        Oidc.Authorization second = oidc().begin(browser);
        MagicLinkFlow.choose(browser);
        MagicLinkFlow.request(browser, user.email());
        Mailbox.MagicLinkEmail two = mail.await(user.email(), 2);

        firstFields.put("code", one.code());
        HttpResponse<String> oldCode = browser.post(firstTab, firstFields);
        assertEquals("revoked", MagicLinkFlow.reason(oldCode), "the older code is revoked with its link: " + oldCode.body());
        assertFalse(oidc().finish(first, oldCode).succeeded());

        assertTrue(finish(second, MagicLinkFlow.openAndConfirm(browser, two.link())).succeeded());
        List<Map<String, Object>> rejected = TestDb.query(
                "select METADATA from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'magic_link.rejected' and METADATA like ?",
                realm.id(), "%\"reason\":\"revoked\"%");
        assertFalse(rejected.isEmpty(), "the rejection is audited with its reason");
    }

    @Test
    void resendingWaitsForTheCooldownAndReplacesTheLinkInTheSameTab() {
        Users.Created user = Users.create(realm.admin(), "resend");
        Oidc.Authorization auth = requestLink(user.email());
        Mailbox.MagicLinkEmail one = mail.await(user.email(), 1);
        clock.set(2); // past the realm's 1 s cooldown on Keycloak's clock
        HttpResponse<String> resent = auth.browser().submit("form#authio-magic-link-resend", Map.of());
        assertEquals(200, resent.statusCode());
        assertTrue(resent.body().contains("We have sent a new link"), resent.body());
        Mailbox.MagicLinkEmail two = mail.await(user.email(), 2);
        HttpResponse<String> immediately = auth.browser().submit("form#authio-magic-link-resend", Map.of());
        assertTrue(immediately.body().contains("Please wait"), immediately.body());

        HttpResponse<String> old = MagicLinkFlow.openAndConfirm(auth.browser(), one.link());
        assertEquals("revoked", MagicLinkFlow.reason(old), old.body());
        assertTrue(finish(auth, MagicLinkFlow.openAndConfirm(auth.browser(), two.link())).succeeded());
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoEmail() {
        Users.Created known = Users.create(realm.admin(), "known");
        String unknown = "nobody-" + System.nanoTime() + "@example.test";

        HttpResponse<String> forKnown = MagicLinkFlow.request(chosen(), known.email());
        HttpResponse<String> forUnknown = MagicLinkFlow.request(chosen(), unknown);

        assertEquals(forKnown.statusCode(), forUnknown.statusCode());
        assertEquals(normalize(forKnown.body(), known.email()), normalize(forUnknown.body(), unknown),
                "the pages differ only by the address the user typed");

        // Request timing is measured, not asserted here: MagicLinkTimingBenchmark (see docs/passwordless.md).
        mail.await(known.email(), 1);
        Mailbox.sleep(1_000);
        assertEquals(0, mail.count(unknown));
        List<Map<String, Object>> rejected = TestDb.query(
                "select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'magic_link.rejected' and METADATA like ?",
                realm.id(), "%unknown_email%");
        assertFalse(rejected.isEmpty());
        assertNull(rejected.get(0).get("user_id"));
    }

    @Test
    void withAccountCreationOnALinkToANewAddressCreatesTheAccountWhenUsed() {
        String address = "newcomer-" + System.nanoTime() + "@example.test";
        MagicLinkFlow.configure(realm.admin(), Map.of("create-users", "true"));
        try {
            Oidc.Authorization auth = requestLink(address);
            assertTrue(realm.admin().users().searchByEmail(address, true).isEmpty(), "no account before the link is used");
            Mailbox.MagicLinkEmail email = mail.await(address, 1);
            HttpResponse<String> page = Oidc.skipPasskeyOffer(auth.browser(), MagicLinkFlow.openAndConfirm(auth.browser(), email.link()));
            // the new account completes the realm's user profile (first and last name) once
            assertTrue(page.body().contains("kc-update-profile-form"), page.body());
            page = auth.browser().submit("form#kc-update-profile-form", Map.of("firstName", "New", "lastName", "Comer"));
            Oidc.LoginResult login = oidc().finish(auth, page);
            assertTrue(login.succeeded(), () -> login.response().body());
            var created = realm.admin().users().searchByEmail(address, true);
            assertEquals(1, created.size());
            assertTrue(created.get(0).isEmailVerified());
        } finally {
            MagicLinkFlow.configure(realm.admin(), Map.of("create-users", "false"));
        }
    }

    @Test
    void tooManyLinksForOneAddressAnswer429WithRetryAfter() {
        Users.Created user = Users.create(realm.admin(), "flood");
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = MagicLinkFlow.request(chosen(), user.email());
            assertEquals(200, last.statusCode(), "request " + (i + 1) + " is within the limit");
        }
        last = MagicLinkFlow.request(chosen(), user.email());
        assertEquals(429, last.statusCode());
        assertTrue(last.body().contains("id=\"authio-rate-limited\""), last.body());
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) > 0);
        // the limit is per address: another address from the same client still gets a link
        Users.Created other = Users.create(realm.admin(), "calm");
        assertEquals(200, MagicLinkFlow.request(chosen(), other.email()).statusCode());
    }

    @Test
    void aLinkWorksUntilTheEndOfItsLifetimeThenIsRefusedAndTheSameBrowserCanAskForANewOne() {
        // the lifetime the demo realm ships (ttl-seconds), on Keycloak's clock: no waiting for it to pass
        long lifetimeMillis = 1000L * Long.parseLong(MagicLinkFlow.options(realm.admin()).get("ttl-seconds"));
        Users.Created user = Users.create(realm.admin(), "expiry");
        long askedFrom = System.currentTimeMillis();
        Oidc.Authorization auth = requestLink(user.email());
        long askedUntil = System.currentTimeMillis();
        Mailbox.MagicLinkEmail email = mail.await(user.email(), 1);

        // Keycloak's clock about 5 s before the end of the link's life (it was issued no earlier than askedFrom, no later
        // than askedUntil): the link still opens the confirmation page (opening it changes nothing)
        clock.set(secondsFromNowUntil(askedFrom + lifetimeMillis) - 5);
        HttpResponse<String> confirmPage = auth.browser().open(email.link());
        assertEquals(200, confirmPage.statusCode(), confirmPage.body());
        assertTrue(confirmPage.body().contains("id=\"authio-magic-link-confirm\""), confirmPage.body());

        // and just past its end: "Sign in" on that very page is refused, and so is the link
        clock.set(secondsFromNowUntil(askedUntil + lifetimeMillis) + 1);
        HttpResponse<String> pressed = auth.browser().submit("form#authio-magic-link-confirm", Map.of());
        assertEquals(400, pressed.statusCode(), pressed.body());
        assertEquals("expired", MagicLinkFlow.reason(pressed), pressed.body());
        HttpResponse<String> reopened = auth.browser().open(email.link());
        assertEquals(400, reopened.statusCode());
        assertEquals("expired", MagicLinkFlow.reason(reopened), reopened.body());
        assertEquals(0, auditRows("magic_link.used", user.id()).size());
        assertEquals(0, auditRows("user.login.succeeded", user.id()).size());
        assertFalse(TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'magic_link.rejected' and METADATA like ?",
                realm.id(), "%\"reason\":\"expired\"%").isEmpty(), "the refusal is audited with its reason");
        assertNotNull(auth.browser().page().selectFirst("form#authio-magic-link-resend"), "offers a new link");

        HttpResponse<String> resent = auth.browser().submit("form#authio-magic-link-resend", Map.of());
        assertEquals(200, resent.statusCode(), resent.body());
        Mailbox.MagicLinkEmail fresh = mail.await(user.email(), 2);
        assertTrue(finish(auth, MagicLinkFlow.openAndConfirm(auth.browser(), fresh.link())).succeeded());
    }

    @Test
    void tooManyRequestsFromOneAddressAnswer429() {
        Realms.TestRealm strict = Realms.importDemoAs(admin, urls, "authio-magic-link-ip-it");
        MagicLinkFlow.configure(strict.admin(), Map.of("per-ip-limit", "3"));
        Oidc oidc = new Oidc(strict.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        for (int i = 0; i < 3; i++) {
            Oidc.Authorization auth = oidc.begin(new Browser());
            MagicLinkFlow.choose(auth.browser());
            assertEquals(200, MagicLinkFlow.request(auth.browser(), "someone" + i + "@example.test").statusCode());
        }
        Oidc.Authorization auth = oidc.begin(new Browser());
        MagicLinkFlow.choose(auth.browser());
        HttpResponse<String> limited = MagicLinkFlow.request(auth.browser(), "someone-else@example.test");
        assertEquals(429, limited.statusCode());
        assertTrue(limited.body().contains("Too many"), limited.body());
        strict.admin().remove();
    }

    private Browser chosen() {
        Oidc.Authorization auth = oidc().begin(new Browser());
        MagicLinkFlow.choose(auth.browser());
        return auth.browser();
    }

    /** Whole seconds from now until the instant, rounded down (the test server shares this machine's wall clock). */
    private static int secondsFromNowUntil(long epochMillis) {
        return Math.toIntExact(Math.floorDiv(epochMillis - System.currentTimeMillis(), 1000L));
    }

    /** The page without the per-request parts: the typed address and Keycloak's one-time form codes. */
    private static String normalize(String body, String email) {
        return body.replace(email, "EMAIL")
                .replaceAll("session_code=[^&\"]+", "session_code=X")
                .replaceAll("execution=[^&\"]+", "execution=X")
                .replaceAll("tab_id=[^&\"]+", "tab_id=X")
                .replaceAll("client_data=[^&\"]+", "client_data=X")
                .replaceAll("KC_AUTH_SESSION_HASH[^;\"]*", "X");
    }
}
