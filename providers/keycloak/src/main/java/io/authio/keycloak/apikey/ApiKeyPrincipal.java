package io.authio.keycloak.apikey;

import java.util.Set;

import org.keycloak.models.KeycloakSession;

/**
 * The API key a request authenticated with, placed on the request's session by {@link ApiKeyAuthFilter}
 * after verifying it. Absent for requests with a normal admin bearer token.
 */
public record ApiKeyPrincipal(String keyId, String realmId, String name, Set<String> scopes) {

    public static final String ATTRIBUTE = "authio.api-key";

    public static ApiKeyPrincipal of(KeycloakSession session) {
        Object value = session.getAttribute(ATTRIBUTE);
        return value instanceof ApiKeyPrincipal p ? p : null;
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }
}
