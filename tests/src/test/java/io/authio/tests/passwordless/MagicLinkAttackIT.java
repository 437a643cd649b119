package io.authio.tests.passwordless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Realms;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * Attack: make an email link vouch for an address its holder does not control. A link is consumed only for the
 * account whose current address is the one the link was sent to, and never opens an account whose address was
 * not verified (someone else may have registered it with a password of their own).
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class MagicLinkAttackIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static Mailbox mail;

    @BeforeEach
    void setUp() {
        if (realm == null) {
            mail = new Mailbox();
            realm = Realms.importDemoAs(admin, urls, "authio-magic-link-attack");
            MagicLinkFlow.configure(realm.admin(), Map.of("per-ip-limit", "200"));
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

    private Oidc.Authorization requestLink(Browser browser, String email) {
        Oidc.Authorization auth = oidc().begin(browser);
        MagicLinkFlow.choose(browser);
        HttpResponse<String> sent = MagicLinkFlow.request(browser, email);
        assertEquals(200, sent.statusCode(), sent.body());
        return auth;
    }

    private List<Map<String, Object>> rejections(String reason) {
        return TestDb.query("select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'magic_link.rejected' "
                + "and METADATA like ?", realm.id(), "%\"reason\":\"" + reason + "\"%");
    }

    @Test
    void aLinkIsRefusedWhenTheAccountsAddressChangedAfterItWasRequested() {
        Users.Created mallory = Users.create(realm.admin(), "mallory");
        String ceo = "ceo-" + UUID.randomUUID().toString().substring(0, 8) + "@victim.test";

        // tab 1: a link for the holder's own address
        Browser tab1 = new Browser();
        Oidc.Authorization auth = requestLink(tab1, mallory.email());
        Mailbox.MagicLinkEmail link = mail.await(mallory.email(), 1);

        // tab 2: signed in with the password, the holder changes the address to the victim's (no verify-email in this realm)
        Oidc.LoginResult signedIn = oidc().login(mallory.username(), Users.PASSWORD);
        assertTrue(signedIn.succeeded());
        String token = signedIn.tokens().get("access_token").asText();
        String body = "{\"username\":\"" + mallory.username() + "\",\"email\":\"" + ceo + "\",\"firstName\":\"Mal\",\"lastName\":\"Lory\"}";
        Json.Reply changed = Json.send("POST", realm.baseUrl() + "/account/", token, body);
        assertEquals(204, changed.status(), changed.body());
        UserRepresentation now = realm.admin().users().get(mallory.id()).toRepresentation();
        assertEquals(ceo, now.getEmail());
        assertFalse(now.isEmailVerified(), "the new address starts unverified");

        // back in tab 1: the code of the link sent to the old address
        HttpResponse<String> used = MagicLinkFlow.enterCode(tab1, link.code());

        Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(tab1, used));
        assertFalse(r.succeeded(), "a link for the old address must not sign in the account that now holds another one");
        assertEquals("email_changed", MagicLinkFlow.reason(used), used.body());
        UserRepresentation after = realm.admin().users().get(mallory.id()).toRepresentation();
        assertFalse(after.isEmailVerified(), "the victim's address must not become verified");
        assertEquals(1, rejections("email_changed").size(), "the refusal is audited");
    }

    @Test
    void theLinkOfTheCurrentAddressStillWorksWhateverItsCase() {
        Users.Created user = Users.create(realm.admin(), "casing");
        Browser browser = new Browser();
        Oidc.Authorization auth = requestLink(browser, user.email().toUpperCase());
        Mailbox.MagicLinkEmail link = mail.await(user.email(), 1);

        Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(browser, MagicLinkFlow.openAndConfirm(browser, link.link())));

        assertTrue(r.succeeded(), () -> r.response().body());
    }

    @Test
    void anAccountRegisteredWithSomeoneElsesAddressIsNotOpenedNorVerifiedByTheirLink() {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setRegistrationAllowed(true);
        realm.admin().update(rep);
        try {
            String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            // the attacker registers the victim's address with a password of their own and never verifies it
            Browser attacker = new Browser();
            Oidc.Authorization reg = oidc().begin(attacker);
            Element register = attacker.page().selectFirst("#kc-registration a");
            assertNotNull(register, "registration is offered: " + attacker.last().body());
            attacker.open(register.absUrl("href"));
            HttpResponse<String> registered = attacker.submit("form#kc-register-form", Map.of("username", "squatter-" + victim.substring(7, 15),
                    "email", victim, "firstName", "Not", "lastName", "Victim", "password", Users.PASSWORD, "password-confirm", Users.PASSWORD));
            assertTrue(oidc().finish(reg, Oidc.skipPasskeyOffer(attacker, registered)).succeeded(), registered.body());
            UserRepresentation squat = realm.admin().users().searchByEmail(victim, true).get(0);
            assertFalse(squat.isEmailVerified());

            // later the victim signs in by email link
            Browser victimBrowser = new Browser();
            Oidc.Authorization auth = requestLink(victimBrowser, victim);
            Mailbox.MagicLinkEmail link = mail.await(victim, 1);
            HttpResponse<String> used = MagicLinkFlow.openAndConfirm(victimBrowser, link.link());

            Oidc.LoginResult r = oidc().finish(auth, Oidc.skipPasskeyOffer(victimBrowser, used));
            assertFalse(r.succeeded(), "the victim must not land in the account the attacker prepared");
            assertEquals("email_unverified", MagicLinkFlow.reason(used), used.body());
            assertTrue(used.body().contains("never confirmed"), "the page says why: " + used.body());
            assertFalse(realm.admin().users().get(squat.getId()).toRepresentation().isEmailVerified(),
                    "the link does not verify the squatted address");
            assertEquals(1, rejections("email_unverified").size());
        } finally {
            rep.setRegistrationAllowed(false);
            realm.admin().update(rep);
        }
    }
}
