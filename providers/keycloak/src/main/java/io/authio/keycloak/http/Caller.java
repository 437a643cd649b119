package io.authio.keycloak.http;

import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Who acts on a request, as recorded in audit events, evidence and key rotations: an API key (its id), an
 * administrator (a user id), a client acting through its service account (its client id), or the server itself.
 */
public record Caller(String type, String id) {

    public static final String API_KEY = "api_key";
    public static final String ADMIN = "admin";
    public static final String CLIENT = "client";
    public static final String SYSTEM = "system";

    /** The caller of an admin request: an API key first (its token belongs to a service account), then the token's user. */
    public static Caller of(AdminPermissionEvaluator auth) {
        ApiKeyPrincipal key = ApiKeyPrincipal.of(auth);
        if (key != null) {
            return new Caller(API_KEY, key.keyId());
        }
        AdminAuth admin = auth.adminAuth();
        if (admin.getUser() != null && admin.getUser().getServiceAccountClientLink() == null) {
            return new Caller(ADMIN, admin.getUser().getId());
        }
        return new Caller(CLIENT, admin.getClient() == null ? null : admin.getClient().getClientId());
    }

    /** The server acting on its own (a scheduled job, a startup step). */
    public static Caller system() {
        return new Caller(SYSTEM, null);
    }
}
