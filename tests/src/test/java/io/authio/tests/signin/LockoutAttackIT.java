package io.authio.tests.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import io.authio.tests.passwordless.MagicLinkFlow;
import io.authio.tests.passwordless.Mailbox;
import io.authio.tests.risk.RiskLogins;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Attack: a stranger who knows only a username or an email address tries to lock the owner out, or to guess
 * their way in, rotating source addresses (loopback addresses from 127.0.0.0/8, through X-Forwarded-For). Each
 * attacker loop is bounded; afterwards the owner must still sign in. Password failures are spaced past
 * Keycloak's one-second quick-login check on Keycloak's clock (moved, not waited for), so Authio's own logic is what
 * is tested, not Keycloak's lockout.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class LockoutAttackIT {

    private static final String HOME = "62.96.40.1";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    /** Keycloak's clock on the test server (its brute-force detector reads it); set back to 0 after each test. */
    @InjectTimeOffSet
    TimeOffSet clock;

    /** Default magic-link settings (5 links per address per 15 minutes). */
    private static Realms.TestRealm realm;
    /** Enough links per address for an attacker to try 100 codes quickly (10 codes per link). */
    private static Realms.TestRealm codes;
    private static Mailbox mail;
    private static int attacker = 1;

    @BeforeEach
    void setUp() {
        if (realm == null) {
            mail = new Mailbox();
            realm = RiskLogins.realm(admin, urls, "authio-lockout-attack");
            codes = RiskLogins.realm(admin, urls, "authio-lockout-codes");
            MagicLinkFlow.configure(codes.admin(), Map.of("per-email-limit", "100", "max-code-attempts", "10",
                    "resend-cooldown-seconds", "0"));
        }
    }

    @AfterAll
    static void tearDown() {
        if (mail != null) {
            mail.close();
            mail = null;
        }
        realm = null;
        codes = null;
    }

    private static Oidc oidc(Realms.TestRealm r) {
        return new Oidc(r.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
    }

    /** A fresh browser at the next loopback address: a stranger rotating addresses. */
    private static synchronized Browser stranger() {
        int n = attacker++;
        return RiskLogins.deviceAt("127.0." + (n / 250) + "." + (2 + n % 250));
    }

    /** The owner's own browser at home, with earlier sign-ins (a known device and network). */
    private Browser ownersLaptop(Realms.TestRealm r, Users.Created owner) {
        Browser laptop = RiskLogins.deviceAt(HOME);
        for (int i = 0; i < 2; i++) {
            assertTrue(RiskLogins.passwordLogin(oidc(r), laptop, owner.username(), Users.PASSWORD).succeeded());
        }
        return laptop;
    }

    /**
     * Wrong passwords for the account from strangers, 2 s apart on Keycloak's clock: past its quick-login check
     * (1 s, which would lock the account for a minute). Each is recorded before the next is sent, so the detector
     * compares them in order.
     */
    private void strangersGuessThePassword(String userId, String username, int guesses) {
        for (int i = 0; i < guesses; i++) {
            assertFalse(RiskLogins.passwordLogin(oidc(realm), stranger(), username, "guess-" + i).succeeded());
            RiskLogins.awaitRecordedFailures(realm.admin(), userId, i + 1);
            clock.set(clock.get() + 2);
        }
    }

    @Test
    void wrongPasswordsFromStrangersDoNotTurnTheOwnersNextSignInFromANewBrowserIntoADeny() {
        Users.Created owner = Users.create(realm.admin(), "owner");
        ownersLaptop(realm, owner);

        strangersGuessThePassword(owner.id(), owner.username(), 5);
        assertEquals(5, TestDb.count("select count(*) from AUTHIO_RISK_DECISION where USER_ID = ? and KIND = 'failed_attempt'",
                owner.id()));

        // the owner, with a browser they never used (no second factor enrolled)
        Oidc.LoginResult r = RiskLogins.passwordLogin(oidc(realm), RiskLogins.deviceAt(HOME), owner.username(), Users.PASSWORD);

        assertTrue(r.succeeded(), () -> "the owner must still get in: " + r.response().statusCode() + " " + r.response().body());
        Map<String, Object> row = TestDb.query("select * from AUTHIO_RISK_DECISION where USER_ID = ? and KIND = 'login' "
                + "order by CREATED_AT desc", owner.id()).get(0);
        assertNotEquals("deny", row.get("decision"));
        assertTrue(((String) row.get("signals")).contains("failed_attempts_user"), "the failures are still seen: " + row.get("signals"));
    }

    @Test
    void wrongPasswordsFromStrangersCauseAtMostAStepUpTheOwnerPassesWithTheirSecondFactor() {
        RiskLogins.OtpUser owner = RiskLogins.createWithOtp(realm.admin(), "owner-otp");
        Browser laptop = RiskLogins.deviceAt(HOME);
        for (int i = 0; i < 2; i++) {
            assertTrue(RiskLogins.login(oidc(realm), laptop, owner).succeeded());
        }
        strangersGuessThePassword(owner.id(), owner.username(), 5);

        Oidc.LoginResult r = RiskLogins.login(oidc(realm), RiskLogins.deviceAt(HOME), owner);

        assertTrue(r.succeeded(), () -> r.response().statusCode() + " " + r.response().body());
        String decision = RiskLogins.accessToken(r).get("authio_risk").get("decision").asText();
        assertTrue(List.of("allow", "step_up").contains(decision), decision);
    }

    @Test
    void aLinkRequestFromAnotherBrowserDoesNotRevokeTheOwnersPendingLink() {
        Users.Created owner = Users.create(realm.admin(), "pending");
        Browser laptop = ownersLaptop(realm, owner);
        Oidc.Authorization auth = oidc(realm).begin(laptop);
        MagicLinkFlow.choose(laptop);
        assertEquals(200, MagicLinkFlow.request(laptop, owner.email()).statusCode());
        Mailbox.MagicLinkEmail ownersLink = mail.await(owner.email(), 1);

        for (int i = 0; i < 3; i++) {
            Browser s = stranger();
            oidc(realm).begin(s);
            MagicLinkFlow.choose(s);
            MagicLinkFlow.request(s, owner.email());
        }

        HttpResponse<String> used = MagicLinkFlow.openAndConfirm(laptop, ownersLink.link());
        Oidc.LoginResult r = oidc(realm).finish(auth, Oidc.skipPasskeyOffer(laptop, used));
        assertTrue(r.succeeded(), () -> "the owner's link must still work, was: " + MagicLinkFlow.reason(used) + " " + used.body());
    }

    @Test
    void strangersCannotUseUpTheOwnersLinkBudget() {
        Users.Created owner = Users.create(realm.admin(), "budget");
        Browser laptop = ownersLaptop(realm, owner);

        int refused = 0;
        for (int i = 0; i < 8; i++) {
            Browser s = stranger();
            oidc(realm).begin(s);
            MagicLinkFlow.choose(s);
            if (MagicLinkFlow.request(s, owner.email()).statusCode() == 429) {
                refused++;
            }
        }
        assertTrue(refused >= 3, "strangers are limited too (5 per address and 15 minutes): " + refused + " refused");
        int before = mail.count(owner.email());

        Oidc.Authorization auth = oidc(realm).begin(laptop);
        MagicLinkFlow.choose(laptop);
        HttpResponse<String> sent = MagicLinkFlow.request(laptop, owner.email());

        assertEquals(200, sent.statusCode(), "the owner's known browser still gets a link: " + sent.body());
        Mailbox.MagicLinkEmail link = mail.await(owner.email(), before + 1);
        Oidc.LoginResult r = oidc(realm).finish(auth, Oidc.skipPasskeyOffer(laptop, MagicLinkFlow.openAndConfirm(laptop, link.link())));
        assertTrue(r.succeeded(), () -> r.response().body());
    }

    /** Asks for a link for the address in a stranger's browser; returns the browser and the code the owner received. */
    private record Guessing(Browser browser, String realCode) {
    }

    private Guessing strangerAsksForALink(Users.Created owner) {
        Browser s = stranger();
        oidc(codes).begin(s);
        MagicLinkFlow.choose(s);
        int before = mail.count(owner.email());
        HttpResponse<String> sent = MagicLinkFlow.request(s, owner.email());
        assertEquals(200, sent.statusCode(), sent.body());
        return new Guessing(s, mail.await(owner.email(), before + 1).code());
    }

    private static String wrongCode(String real, int i) {
        String guess = String.format("%06d", (i * 7919) % 1_000_000);
        return guess.equals(real) ? String.format("%06d", (i * 7919 + 1) % 1_000_000) : guess;
    }

    /**
     * Guesses codes on links the stranger asks for until the account is cooling down; returns how many guesses
     * were answered (wrong code or link used up) before the cool-down, at most {@code max}.
     */
    private int guessUntilCoolDown(Users.Created owner, int max) {
        int answered = 0;
        Guessing g = strangerAsksForALink(owner);
        while (answered < max) {
            HttpResponse<String> r = MagicLinkFlow.enterCode(g.browser(), wrongCode(g.realCode(), answered));
            if (r.statusCode() == 429) {
                return answered;
            }
            answered++;
            if ("too_many_attempts".equals(MagicLinkFlow.reason(r))) {
                g = strangerAsksForALink(owner);
            } else {
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(r.body().contains("That code is not valid"), r.body());
            }
        }
        return answered;
    }

    @Test
    void wrongCodesAreLimitedPerAccountAcrossLinksAndTheOwnerStillSignsIn() {
        Users.Created owner = Users.create(codes.admin(), "codes");
        Browser laptop = ownersLaptop(codes, owner);

        int answered = guessUntilCoolDown(owner, 150);

        assertEquals(100, answered, "at most 100 wrong codes per account, across links (NIST SP 800-63B 5.2.2)");
        HttpResponse<String> coolingDown = MagicLinkFlow.enterCode(strangerAsksForALink(owner).browser(), "123456");
        assertEquals(429, coolingDown.statusCode());
        assertTrue(coolingDown.headers().firstValue("Retry-After").isPresent());

        // the owner opens a link in their own browser: no code typed, no budget needed
        Oidc.Authorization auth = oidc(codes).begin(laptop);
        MagicLinkFlow.choose(laptop);
        int before = mail.count(owner.email());
        assertEquals(200, MagicLinkFlow.request(laptop, owner.email()).statusCode());
        Mailbox.MagicLinkEmail link = mail.await(owner.email(), before + 1);
        Oidc.LoginResult r = oidc(codes).finish(auth, Oidc.skipPasskeyOffer(laptop, MagicLinkFlow.openAndConfirm(laptop, link.link())));
        assertTrue(r.succeeded(), () -> r.response().body());
    }

    /** A guess reached the magic-link step: judged wrong, or refused by the link's or the account's budget. */
    private static boolean reachedTheStep(HttpResponse<String> r) {
        return r.body().contains("That code is not valid") || "too_many_attempts".equals(MagicLinkFlow.reason(r))
                || r.statusCode() == 429;
    }

    private static java.util.concurrent.Callable<HttpResponse<String>> guess(Guessing g, int i) {
        String action = g.browser().page().selectFirst("form#authio-magic-link-code").absUrl("action");
        Map<String, String> form = new java.util.LinkedHashMap<>();
        g.browser().page().select("form#authio-magic-link-code input[name]").forEach(in -> form.put(in.attr("name"), in.attr("value")));
        form.put("code", wrongCode(g.realCode(), i));
        return () -> g.browser().post(action, form);
    }

    @Test
    void fiftyParallelWrongCodesAreEachCountedAgainstTheAccount() throws Exception {
        Users.Created owner = Users.create(codes.admin(), "parallel");
        List<Guessing> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sessions.add(strangerAsksForALink(owner));
        }
        ExecutorService pool = Executors.newFixedThreadPool(60);
        try {
            // one guess in each of 50 sessions, and 10 more on one session, all at once (read from the pages first)
            List<java.util.concurrent.Callable<HttpResponse<String>>> guesses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                guesses.add(guess(sessions.get(i), i));
            }
            for (int i = 0; i < 10; i++) {
                guesses.add(guess(sessions.get(0), 50 + i));
            }
            List<Future<HttpResponse<String>>> sent = pool.invokeAll(guesses);
            int reached = 0;
            for (Future<HttpResponse<String>> f : sent) {
                if (reachedTheStep(f.get())) {
                    reached++;
                }
            }
            System.out.printf("parallel guesses: %d of 60 reached the magic-link step%n", reached);
            assertTrue(reached >= 50, "each session's guess reached the step: " + reached);

            // every guess that reached the step was counted against the account: exactly the rest of the 100 remain
            int more = guessUntilCoolDown(owner, 150);
            assertEquals(100 - reached, more, reached + " parallel guesses reached the step, so " + (100 - reached)
                    + " may follow before the cool-down");
        } finally {
            pool.shutdownNow();
        }
    }
}
