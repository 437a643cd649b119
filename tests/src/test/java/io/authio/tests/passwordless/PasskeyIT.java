package io.authio.tests.passwordless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * Passkeys in the demo realm's "authio browser" flow over plain HTTP, with an emulated authenticator:
 * the offer after a password sign-in, registration, passkey-only sign-in through the login page's
 * autofill data, and the relying-party binding.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class PasskeyIT {

    private static final String ORIGIN = "http://localhost:8080";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;

    @BeforeEach
    void setUp() {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-passkey-it");
        }
    }

    @AfterAll
    static void tearDown() {
        realm = null;
    }

    private Oidc oidc() {
        return new Oidc(realm.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
    }

    @Test
    void theDemoRealmHasAPasskeyFirstPolicyForLocalhost() {
        RealmRepresentation rep = realm.admin().toRepresentation();
        assertEquals("authio browser", rep.getBrowserFlow());
        assertEquals("localhost", rep.getWebAuthnPolicyPasswordlessRpId());
        assertEquals("required", rep.getWebAuthnPolicyPasswordlessUserVerificationRequirement());
        assertEquals("Yes", rep.getWebAuthnPolicyPasswordlessRequireResidentKey());
        assertTrue(rep.getWebAuthnPolicyPasswordlessPasskeysEnabled());
        HttpResponse<String> loginPage = oidc().begin(new Browser()).browser().last();
        assertTrue(loginPage.body().contains("autocomplete=\"username webauthn\""), "the username field offers passkey autofill");
    }

    @Test
    void notNowIsRememberedSoTheNextSignInsGoStraightToTheApp() {
        Users.Created user = Users.create(realm.admin(), "snooze");
        Oidc.Authorization first = oidc().begin(new Browser());
        HttpResponse<String> offer = first.browser().submit("form#kc-form-login",
                Map.of("username", user.username(), "password", Users.PASSWORD));
        assertTrue(offer.body().contains("id=\"authio-passkey-offer\""), offer.body());
        Oidc.LoginResult declined = oidc().finish(first, first.browser().submit("form#authio-passkey-offer", Map.of("passkey_offer", "later")));
        assertTrue(declined.succeeded(), () -> declined.response().body());
        assertEquals(1L, io.authio.tests.support.TestDb.count("select count(*) from USER_ATTRIBUTE where USER_ID = ? "
                + "and NAME = 'authio.passkey-offer.declined-at'", user.id()), "the answer is remembered on the account");

        Oidc.Authorization second = oidc().begin(new Browser());
        HttpResponse<String> afterPassword = second.browser().submit("form#kc-form-login",
                Map.of("username", user.username(), "password", Users.PASSWORD));
        assertEquals(302, afterPassword.statusCode(), "no offer this time: " + afterPassword.body());
        assertTrue(oidc().finish(second, afterPassword).succeeded());
    }

    @Test
    void aUserWithoutAPasskeyIsOfferedOneAfterPasswordSignInRegistersItAndThenSignsInWithItAlone() {
        Users.Created user = Users.create(realm.admin(), "passkey");
        Passkeys passkey = new Passkeys(ORIGIN);

        Oidc.Authorization first = oidc().begin(new Browser());
        HttpResponse<String> offer = first.browser().submit("form#kc-form-login",
                Map.of("username", user.username(), "password", Users.PASSWORD));
        assertEquals(200, offer.statusCode());
        assertTrue(offer.body().contains("id=\"authio-passkey-offer\""), offer.body());
        HttpResponse<String> registration = first.browser().submit("form#authio-passkey-offer", Map.of("passkey_offer", "create"));
        assertTrue(registration.body().contains("id=\"register\""), registration.body());
        Oidc.LoginResult registered = oidc().finish(first, passkey.register(first.browser(), null));
        assertTrue(registered.succeeded(), () -> registered.response().body());
        List<CredentialRepresentation> credentials = realm.admin().users().get(user.id()).credentials();
        assertTrue(credentials.stream().anyMatch(c -> "webauthn-passwordless".equals(c.getType())), "a passkey is stored");

        // a fresh browser: no username, no password, only the passkey
        Oidc.Authorization second = oidc().begin(new Browser());
        Oidc.LoginResult login = oidc().finish(second, passkey.login(second.browser()));
        assertTrue(login.succeeded(), () -> login.response().statusCode() + " " + login.response().body());

        // with a passkey, the offer is not shown again after a password sign-in
        Oidc.Authorization third = oidc().begin(new Browser());
        HttpResponse<String> afterPassword = third.browser().submit("form#kc-form-login",
                Map.of("username", user.username(), "password", Users.PASSWORD));
        assertEquals(302, afterPassword.statusCode(), afterPassword.body());
    }

    @Test
    void aPasskeyCreatedForAnotherRelyingPartyIsRefused() {
        Users.Created user = Users.create(realm.admin(), "otherrp");
        Passkeys passkey = new Passkeys(ORIGIN);
        Oidc.Authorization auth = oidc().begin(new Browser());
        auth.browser().submit("form#kc-form-login", Map.of("username", user.username(), "password", Users.PASSWORD));
        auth.browser().submit("form#authio-passkey-offer", Map.of("passkey_offer", "create"));

        HttpResponse<String> refused = passkey.register(auth.browser(), "evil.example");

        assertFalse(refused.statusCode() == 302 && refused.headers().firstValue("Location").orElse("").startsWith(Oidc.DEMO_REDIRECT),
                "registration with another RP id must not complete");
        assertTrue(realm.admin().users().get(user.id()).credentials().stream()
                .noneMatch(c -> "webauthn-passwordless".equals(c.getType())), "no passkey stored");

        // the credential the authenticator did create for the other site cannot sign in here either: the server
        // refuses it (nobody in this realm holds it) instead of the emulator having nothing to present
        int sessions = realm.admin().users().get(user.id()).getUserSessions().size();
        Oidc.Authorization login = oidc().begin(new Browser());
        HttpResponse<String> attempt = passkey.login(login.browser(), "evil.example", null);
        assertRefusedAsUnknownPasskey(login, attempt);
        assertEquals(sessions, realm.admin().users().get(user.id()).getUserSessions().size(), "no session for " + user.username());
    }

    @Test
    void aPasskeyOfAnotherUserOrOfAnotherRealmSignsNobodyInAndLeavesTheOwnersPasskeyAlone() {
        Users.Created owner = Users.create(realm.admin(), "owner");
        Users.Created victim = Users.create(realm.admin(), "victim");
        Passkeys ownerKey = new Passkeys(ORIGIN);
        register(realm, owner, ownerKey);
        // a passkey registered in another realm on this server: same host, so the same relying-party id
        Realms.TestRealm other = Realms.importDemoAs(admin, urls, "authio-passkey-it-other");
        try {
            Users.Created stranger = Users.create(other.admin(), "stranger");
            Passkeys strangerKey = new Passkeys(ORIGIN);
            register(other, stranger, strangerKey);

            List<String> ownerCredentials = credentials(owner);
            int ownerSessions = realm.admin().users().get(owner.id()).getUserSessions().size();

            // the owner's passkey claiming the victim (the user handle is not signed): the victim holds no such credential
            Oidc.Authorization asVictim = oidc().begin(new Browser());
            assertRefusedAsUnknownPasskey(asVictim, ownerKey.login(asVictim.browser(), null, Passkeys.userHandleOf(victim.id())));
            // the other realm's passkey as it is: its user does not exist in this realm
            Oidc.Authorization asStranger = oidc().begin(new Browser());
            assertRefusedAsUnknownPasskey(asStranger, strangerKey.login(asStranger.browser()));
            // the other realm's passkey claiming this realm's owner: the owner does not hold it
            Oidc.Authorization asOwner = oidc().begin(new Browser());
            assertRefusedAsUnknownPasskey(asOwner, strangerKey.login(asOwner.browser(), null, Passkeys.userHandleOf(owner.id())));

            assertEquals(0, realm.admin().users().get(victim.id()).getUserSessions().size(), "no session for the victim");
            assertTrue(realm.admin().users().get(victim.id()).credentials().stream()
                    .noneMatch(c -> c.getType().startsWith("webauthn")), "nothing registered for the victim");
            assertEquals(ownerSessions, realm.admin().users().get(owner.id()).getUserSessions().size(),
                    "no new session for the owner");
            assertEquals(ownerCredentials, credentials(owner), "the owner's passkey (and its signature counter) is untouched");

            // control: the owner's own passkey still signs the owner in, so the refusals above were the server's
            Oidc.Authorization own = oidc().begin(new Browser());
            Oidc.LoginResult signedIn = oidc().finish(own, ownerKey.login(own.browser()));
            assertTrue(signedIn.succeeded(), () -> signedIn.response().statusCode() + " " + signedIn.response().body());
        } finally {
            admin.realm(other.name()).remove();
        }
    }

    /** Signs the user in with the password, accepts the passkey offer and registers {@code key} in {@code in}. */
    private static void register(Realms.TestRealm in, Users.Created user, Passkeys key) {
        Oidc flow = new Oidc(in.baseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        Oidc.Authorization auth = flow.begin(new Browser());
        auth.browser().submit("form#kc-form-login", Map.of("username", user.username(), "password", Users.PASSWORD));
        HttpResponse<String> registration = auth.browser().submit("form#authio-passkey-offer", Map.of("passkey_offer", "create"));
        assertTrue(registration.body().contains("id=\"register\""), registration.body());
        Oidc.LoginResult registered = flow.finish(auth, key.register(auth.browser(), null));
        assertTrue(registered.succeeded(), () -> registered.response().body());
    }

    /** Keycloak's answer to a passkey no user of this realm holds: the login page again with its error, no code. */
    private void assertRefusedAsUnknownPasskey(Oidc.Authorization login, HttpResponse<String> attempt) {
        assertEquals(200, attempt.statusCode(), () -> "refused with the login page, not redirected: " + attempt.headers().map());
        assertTrue(attempt.body().contains("id=\"kc-form-login\""), attempt.body());
        assertTrue(attempt.body().contains("Unknown user authenticated by the Passkey."), attempt.body());
        Oidc.LoginResult result = oidc().finish(login, attempt);
        assertNull(result.code(), "no authorization code");
        assertFalse(result.succeeded(), "no tokens");
    }

    /** The user's passkeys as stored (id, created, public key and counter, label). */
    private List<String> credentials(Users.Created user) {
        List<String> passkeys = realm.admin().users().get(user.id()).credentials().stream()
                .filter(c -> "webauthn-passwordless".equals(c.getType()))
                .map(c -> c.getId() + " " + c.getCreatedDate() + " " + c.getUserLabel() + " " + c.getCredentialData())
                .toList();
        assertEquals(1, passkeys.size(), "one passkey: " + passkeys);
        return passkeys;
    }
}
