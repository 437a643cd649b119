package io.authio.dev;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Creates the dev user through the admin REST API on first run. It is not in the realm file on purpose: the
 * same realm file ships to production, where a user with a known password must never exist.
 */
final class DevUser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DevUser() {
    }

    static void ensure(DevSettings settings, String realm, String username) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DevLauncher.form("grant_type", "password", "client_id", "admin-cli",
                        "username", settings.adminUser(), "password", settings.adminPassword())))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            System.out.println("[authio-dev] could not sign in as the bootstrap admin (" + token.statusCode() + "); dev user not created");
            return;
        }
        String accessToken = JSON.readTree(token.body()).path("access_token").asText();
        Map<String, Object> user = Map.of(
                "username", username, "enabled", true, "emailVerified", true,
                "email", username + "@authio.localhost", "firstName", "Demo", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/admin/realms/" + realm + "/users"))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(user))).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() == 201) {
            System.out.println("[authio-dev] created the dev user " + username + " / " + username);
        } else if (created.statusCode() != 409) {
            System.out.println("[authio-dev] could not create the dev user: " + created.statusCode() + " " + created.body());
        }
    }
}
