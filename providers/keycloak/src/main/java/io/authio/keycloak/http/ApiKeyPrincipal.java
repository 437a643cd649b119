package io.authio.keycloak.http;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The API key a request authenticated with, read from the {@value #CLAIM} claim of the access token the API-key
 * filter minted for it (signed by the realm, so it cannot be forged by a caller). Absent for requests with a normal
 * admin bearer token.
 */
public record ApiKeyPrincipal(String keyId, String realmId, String name, Set<String> scopes) {

    /** The access-token claim that carries the key. */
    public static final String CLAIM = "authio_api_key";

    public static ApiKeyPrincipal of(AdminPermissionEvaluator auth) {
        if (auth == null || auth.adminAuth() == null) {
            return null;
        }
        AccessToken token = auth.adminAuth().getToken();
        Object claim = token == null ? null : token.getOtherClaims().get(CLAIM);
        if (!(claim instanceof Map<?, ?> map)) {
            return null;
        }
        Object scopes = map.get("scopes");
        return new ApiKeyPrincipal(String.valueOf(map.get("id")), String.valueOf(map.get("realm_id")), String.valueOf(map.get("name")),
                scopes instanceof List<?> list ? Set.copyOf(list.stream().map(String::valueOf).toList()) : Set.of());
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }
}
