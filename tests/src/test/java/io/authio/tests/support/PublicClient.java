package io.authio.tests.support;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;

/** A public OIDC client with PKCE, like the demo app, added to a test realm. */
public final class PublicClient {

    public static final String CLIENT_ID = "test-app";
    public static final String REDIRECT = "http://localhost:3000/callback";

    private PublicClient() {
    }

    public static void addTo(RealmResource realm) {
        if (!realm.clients().findByClientId(CLIENT_ID).isEmpty()) {
            return;
        }
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT_ID);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of("http://localhost:3000/*"));
        client.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
        try (Response response = realm.clients().create(client)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("client creation answered " + response.getStatus());
            }
        }
    }

    public static Oidc oidc(String realmUrl) {
        return new Oidc(realmUrl, CLIENT_ID, REDIRECT);
    }
}
