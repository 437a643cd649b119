package io.authio.tests.containers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import io.authio.testcontainers.AuthioKeycloakContainer;
import io.authio.tests.support.HttpReceiver;
import io.authio.tests.support.Json;
import io.authio.webhooks.WebhookVerifier;

/**
 * authio-testcontainers as an application team uses it (README, "Testing your application against Authio"),
 * here through Podman's Docker-compatible socket (DOCKER_HOST, Ryuk off, host override localhost, set by the
 * container tier): a Keycloak with Authio's jars and theme and the team's realm, a login and a webhook through it.
 */
class AuthioKeycloakContainerIT {

    static AuthioKeycloakContainer keycloak;
    static Keycloak admin;

    @BeforeAll
    static void start() {
        // Podman's socket is part of the tier; outside it, skip with the reason (strict mode: fail)
        Tier.setting(AuthioKeycloakContainerIT.class, "network");
        String realm = System.getProperty("authio.project.root") + "/realm-config/authio-demo-realm.json";
        keycloak = new AuthioKeycloakContainer()
                .withRealmFile(Path.of(realm))
                // start-dev re-augments Keycloak for the added providers first: slow on two shared cores
                .withStartupTimeout(Duration.ofMinutes(6))
                .withLogConsumer(frame -> System.out.print(frame.getUtf8String()))
                // reach the webhook receiver on the host's loopback (10.0.2.2 in slirp4netns); with Docker use
                // host.docker.internal or Testcontainers.exposeHostPorts instead
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withNetworkMode(Tier.setting(AuthioKeycloakContainerIT.class, "network")))
                // the operator's ceiling lets the realm allowlist that receiver (none by default)
                .withOperatorAllowedNetworks("10.0.2.2/32");
        keycloak.start();
        admin = keycloak.getKeycloakAdminClient();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (keycloak != null) {
            keycloak.stop();
        }
    }

    @Test
    void theContainerRunsAuthiosProvidersAndThemeWithTheTeamsRealm() {
        var info = admin.serverInfo().getInfo();
        assertTrue(info.getProviders().get("eventsListener").getProviders().containsKey("authio-audit"),
                "authio-audit event listener loaded");
        assertTrue(info.getThemes().get("login").stream().anyMatch(t -> t.getName().equals("authio")), "authio login theme");
        assertEquals(AuthioKeycloakContainer.DEFAULT_IMAGE, keycloak.getDockerImageName());
        assertEquals(List.of("authio-keycloak", "authio-theme"), keycloak.getAuthioJars().stream()
                .map(f -> f.getName().replaceAll("-\\d.*", "")).toList(), "the shipped jars, not authio-core");
        assertTrue(admin.realm(Tier.REALM).toRepresentation().getEventsListeners().contains("authio-audit"));
    }

    @Test
    void aLoginWithPkceThroughTheContainerIsAudited() {
        Tier.Login login = Tier.login(admin, keycloak.getAuthServerUrl());
        JsonNode rows = Tier.authio(admin, keycloak.getAuthServerUrl(), "GET", "/audit-events?user_id=" + login.user().id()
                + "&type=user.login.succeeded", null).json().get("data");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(keycloak.getIssuerUrl(Tier.REALM), Json.get(keycloak.getIssuerUrl(Tier.REALM)
                + "/.well-known/openid-configuration", null).json().get("issuer").asText());
    }

    @Test
    void aLoginArrivesAtTheTeamsReceiverAsAVerifiedWebhook() throws Exception {
        try (HttpReceiver receiver = new HttpReceiver()) {
            String path = "/tc-hook/" + System.nanoTime();
            String secret = Tier.loginWebhook(admin, keycloak.getAuthServerUrl(), receiver,
                    Tier.setting(getClass(), "host-from-container"), path);

            Tier.Login login = Tier.login(admin, keycloak.getAuthServerUrl());

            HttpReceiver.Request request = receiver.await(r -> r.path().equals(path), 30_000);
            assertDoesNotThrow(() -> new WebhookVerifier(secret).verify(request.headers(), request.body()));
            assertEquals(login.user().id(), Json.MAPPER.readTree(request.text()).get("data").get("user_id").asText());
        }
    }
}
