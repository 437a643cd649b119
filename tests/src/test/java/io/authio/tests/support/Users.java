package io.authio.tests.support;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Creating realm users and giving them roles through the real admin API. */
public final class Users {

    public static final String PASSWORD = "correct-horse-battery-staple-42";

    private Users() {
    }

    public record Created(String id, String username, String email) {
    }

    /** A new enabled user with a verified email and {@link #PASSWORD}; names are unique per call. */
    public static Created create(RealmResource realm, String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@example.test";
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName(prefix);
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (Response response = realm.users().create(user)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("user creation answered " + response.getStatus());
            }
            String location = response.getLocation().getPath();
            return new Created(location.substring(location.lastIndexOf('/') + 1), username, email);
        }
    }

    /** Grants roles of the realm's {@code realm-management} client (e.g. view-events, manage-users). */
    public static void grantRealmManagement(RealmResource realm, String userId, String... roles) {
        ClientRepresentation rm = realm.clients().findByClientId("realm-management").get(0);
        List<RoleRepresentation> reps = java.util.Arrays.stream(roles)
                .map(r -> realm.clients().get(rm.getId()).roles().get(r).toRepresentation())
                .toList();
        realm.users().get(userId).roles().clientLevel(rm.getId()).add(reps);
    }

    /**
     * A confidential client with a service account (secret {@code secret-<clientId>}) holding these
     * {@code realm-management} roles, as API keys are bound to; answers the service account's user id.
     */
    public static String serviceAccountClient(RealmResource realm, String clientId, String... roles) {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(clientId);
        c.setPublicClient(false);
        c.setServiceAccountsEnabled(true);
        c.setStandardFlowEnabled(false);
        c.setSecret("secret-" + clientId);
        try (Response r = realm.clients().create(c)) {
            if (r.getStatus() != 201) {
                throw new AssertionError("client creation answered " + r.getStatus());
            }
        }
        String id = realm.clients().findByClientId(clientId).get(0).getId();
        String serviceAccount = realm.clients().get(id).getServiceAccountUser().getId();
        if (roles.length > 0) {
            grantRealmManagement(realm, serviceAccount, roles);
        }
        return serviceAccount;
    }

    /** An access token for a realm user through admin-cli's password grant (how admin scripts log in). */
    public static String adminCliToken(String realmUrl, String username) {
        Json.Reply r = Json.post(realmUrl + "/protocol/openid-connect/token", java.util.Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", username, "password", PASSWORD), null);
        if (r.status() != 200) {
            throw new AssertionError("password grant for " + username + " failed: " + r.body());
        }
        return r.json().get("access_token").asText();
    }
}
