package io.authio.tests.passwordless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        // a passkey made for another site cannot sign in here either
        Passkeys foreign = new Passkeys("https://evil.example");
        Oidc.Authorization login = oidc().begin(new Browser());
        String page = login.browser().last().body();
        assertTrue(page.contains("challenge"));
        try {
            HttpResponse<String> attempt = foreign.login(login.browser());
            assertFalse(attempt.statusCode() == 302, "no sign-in with a credential unknown to this relying party");
        } catch (RuntimeException noCredential) {
            // the emulator has no credential for this relying party: nothing to present
        }
    }
}
