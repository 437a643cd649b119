package io.authio.keycloak.setup;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;

/**
 * {@code POST /admin/realms/{realm}/authio/setup}: turns Authio on for the realm in one call (manage-realm: it
 * changes the realm's flows). Idempotent; answers what it did. API keys never reach it.
 */
public class SetupResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public SetupResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response install() {
        return Api.run(session, () -> {
            access.require("turning Authio on changes the realm's flows: it", Permission.MANAGE_REALM);
            RealmSetupResult r = DefaultRealmSetupFactory.installAt(session, realm, "admin API");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("realm", realm.getName());
            body.put("flows_created", r.flowsCreated());
            body.put("flows_kept", r.flowsKept());
            body.put("configs_created", r.configsCreated());
            body.put("browser_flow", r.browserFlow());
            body.put("direct_grant_flow", r.directGrantFlow());
            body.put("event_listeners_added", r.eventListenersAdded());
            body.put("login_theme", r.loginTheme());
            body.put("email_theme", r.emailTheme());
            body.put("passkey_policy", r.passkeyPolicy());
            body.put("client_scope", r.clientScope());
            body.put("clients_updated", r.clientsUpdated());
            access.recordChange(OperationType.ACTION, "SETUP", body, "setup");
            return Api.ok(body);
        });
    }
}
