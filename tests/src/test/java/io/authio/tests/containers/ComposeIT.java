package io.authio.tests.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import io.authio.tests.support.Json;

/**
 * docker/compose.yaml brought up by the container tier with podman-compose (the image above, the PostgreSQL and
 * GreenMail stand-ins for postgres:17 and Mailpit): Keycloak answers on the published HTTPS port with the demo
 * realm, signs a user in, and its mail reaches the catcher over the compose network.
 */
class ComposeIT {

    static String url;
    static Keycloak admin;

    @BeforeAll
    static void composeIsUp() throws InterruptedException {
        url = Tier.setting(ComposeIT.class, "compose-url");
        String project = Tier.setting(ComposeIT.class, "compose-project");
        // compose was started before the tests; Keycloak takes a minute or two on two shared cores
        long deadline = System.currentTimeMillis() + 300_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline) {
            String keycloak = Tier.podman("ps", "--all", "--filter", "label=io.podman.compose.project=" + project,
                    "--filter", "label=com.docker.compose.service=keycloak", "--format", "{{.Names}}");
            if (keycloak.isBlank() || !"true".equals(Tier.podman("inspect", "--format", "{{.State.Running}}", keycloak))) {
                throw new AssertionError("compose's keycloak is not running (" + keycloak + "):\n"
                        + (keycloak.isBlank() ? "" : Tier.run(java.util.List.of("podman", "logs", "--tail", "30", keycloak), null).output()));
            }
            try {
                status = Json.get(url + "/realms/" + Tier.REALM + "/.well-known/openid-configuration", null).status();
            } catch (IllegalStateException notYet) {
                status = 0;
            }
            if (status == 200) {
                break;
            }
            Thread.sleep(2000);
        }
        assertEquals(200, status, "compose's Keycloak did not serve the demo realm within 5 minutes");
        admin = Tier.admin(url, "admin"); // compose.yaml's documented trial credentials
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void aUserSignsInThroughTheComposeStack() {
        Tier.Login login = Tier.login(admin, url);
        assertTrue(login.tokens().hasNonNull("access_token"));
        JsonNode rows = Tier.authio(admin, url, "GET", "/audit-events?user_id=" + login.user().id()
                + "&type=user.login.succeeded", null).json().get("data");
        assertEquals(1, rows.size(), rows.toString());
    }

    @Test
    void mailFromTheRealmReachesTheMailCatcherAtHostMailPort1025() throws InterruptedException {
        String mailUrl = Tier.setting(getClass(), "mail-url");
        String to = "tier-" + System.nanoTime() + "@authio.localhost";
        // the master admin needs an address for Keycloak's "test connection" mail
        UserRepresentation me = admin.realm("master").users().search("admin", true).get(0);
        me.setEmail(to);
        admin.realm("master").users().get(me.getId()).update(me);
        // docker/README.md: in compose the demo realm's SMTP server is host "mail", port 1025
        RealmRepresentation realm = admin.realm(Tier.REALM).toRepresentation();
        Map<String, String> smtp = new java.util.HashMap<>(realm.getSmtpServer());
        smtp.put("host", "mail");
        smtp.put("port", "1025");
        realm.setSmtpServer(smtp);
        admin.realm(Tier.REALM).update(realm);

        String token = admin.tokenManager().getAccessTokenString();
        Json.Reply sent = Json.send("POST", url + "/admin/realms/" + Tier.REALM + "/testSMTPConnection", token,
                io.authio.core.json.Json.write(smtp));
        assertEquals(204, sent.status(), sent.body());

        JsonNode messages = null;
        for (int i = 0; i < 30; i++) {
            Json.Reply r = Json.get(mailUrl + "/api/user/" + to + "/messages/INBOX", null);
            if (r.status() == 200 && r.json().size() > 0) {
                messages = r.json();
                break;
            }
            Thread.sleep(1000);
        }
        assertTrue(messages != null, "no message for " + to + " at the mail catcher");
        assertTrue(messages.get(0).toString().contains(to), messages.toString());
    }

}
