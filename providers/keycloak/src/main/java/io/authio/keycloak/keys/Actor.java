package io.authio.keycloak.keys;

import org.keycloak.services.resources.admin.AdminAuth;

/** Who caused a rotation, as recorded in AUTHIO_KEY_ROTATION and the audit event. */
public record Actor(String type, String id) {

    public static Actor admin(AdminAuth auth) {
        if (auth.getUser() != null) {
            return new Actor("admin", auth.getUser().getId());
        }
        return new Actor("client", auth.getClient() == null ? null : auth.getClient().getClientId());
    }

    public static Actor system() {
        return new Actor("system", null);
    }
}
