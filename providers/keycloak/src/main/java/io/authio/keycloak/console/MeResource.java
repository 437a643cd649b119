package io.authio.keycloak.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import io.authio.core.DomainException;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;

/**
 * {@code GET /admin/realms/{realm}/authio/me}: who is calling and what Authio lets them do in the realm, computed
 * with the same permission checks the endpoints make (the console hides what the caller cannot use; the
 * endpoints still refuse on their own). An administrator of the master realm also gets the realms they
 * administer, to pick one. A caller with no Authio permission in the realm gets a 403.
 */
public class MeResource {

    static final int MAX_REALMS = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public MeResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Api.run(session, () -> {
            Map<String, Object> permissions = new LinkedHashMap<>();
            for (Permission p : Permission.values()) {
                permissions.put(p.role().replace('-', '_'), access.holds(p));
            }
            if (!permissions.containsValue(Boolean.TRUE)) {
                throw DomainException.forbidden("the caller holds no Authio permission in this realm");
            }
            AdminAuth admin = access.permissions().adminAuth();
            UserModel user = admin.getUser();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("realm", realm.getName());
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", user == null ? null : user.getId());
            u.put("username", user == null ? null : user.getUsername());
            u.put("realm", admin.getRealm().getName());
            body.put("user", u);
            body.put("permissions", permissions);
            body.put("realms", realms(admin));
            return Api.ok(body);
        });
    }

    /** The realms the caller administers: all the master administrator has a role for, else the token's realm. */
    private List<String> realms(AdminAuth admin) {
        if (!Config.getAdminRealm().equals(admin.getRealm().getName())) {
            return List.of(admin.getRealm().getName());
        }
        var evaluator = AdminPermissions.realms(session, admin);
        return session.realms().getRealmsStream()
                .filter(evaluator::isAdmin)
                .map(RealmModel::getName)
                .sorted()
                .limit(MAX_REALMS)
                .toList();
    }
}
