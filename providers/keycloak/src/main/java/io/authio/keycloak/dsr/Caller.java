package io.authio.keycloak.dsr;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.keycloak.apikey.ApiKeyPrincipal;

/** Who acts on a request, as recorded in evidence and audit events: an administrator, a client, or an API key. */
public record Caller(String type, String id) {

    public static Caller of(KeycloakSession session, AdminPermissionEvaluator auth) {
        ApiKeyPrincipal key = ApiKeyPrincipal.of(auth);
        if (key != null) {
            return new Caller("api_key", key.keyId());
        }
        AdminAuth admin = auth.adminAuth();
        if (admin.getUser() != null && admin.getUser().getServiceAccountClientLink() == null) {
            return new Caller("admin", admin.getUser().getId());
        }
        return new Caller("client", admin.getClient() == null ? null : admin.getClient().getClientId());
    }
}
