package io.authio.tests.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One standalone Keycloak (see {@link StandaloneKeycloak}) with the server options an operator owns and the shared
 * test server cannot set without changing every other test: Authio turned on for every new realm, and a low API
 * rate-limit ceiling. Started once for the tests that need it, stopped when the test JVM ends.
 */
public final class OperatorServer {

    /** The operator's ceiling of calls per minute per caller and API on this server. */
    public static final int REQUESTS_PER_MINUTE = 5;

    private static StandaloneKeycloak server;

    private OperatorServer() {
    }

    public static synchronized StandaloneKeycloak get() {
        if (server == null) {
            server = StandaloneKeycloak.start("operator-options", List.of(
                    "--spi-authio-setup--default--install-in-new-realms=true",
                    "--spi-authio-rate-limit--default--requests-per-minute=" + REQUESTS_PER_MINUTE), Map.of(), Duration.ofMinutes(10));
            StandaloneKeycloak started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "operator-server-stop"));
        }
        if (!server.running()) {
            throw new AssertionError("the operator-options Keycloak is not running:\n" + server.tail());
        }
        return server;
    }

    public static String baseUrl() {
        return StandaloneKeycloak.baseUrl();
    }

    /** An access token of the server's bootstrap administrator (master realm, admin-cli). */
    public static String adminToken() {
        Json.Reply r = Json.post(baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", StandaloneKeycloak.ADMIN, "password", StandaloneKeycloak.ADMIN_PASSWORD), null);
        if (r.status() != 200) {
            throw new AssertionError("admin token: " + r.body());
        }
        return r.json().get("access_token").asText();
    }
}
