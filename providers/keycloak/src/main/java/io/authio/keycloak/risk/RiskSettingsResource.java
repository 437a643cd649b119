package io.authio.keycloak.risk;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.audit.AuditEvent;
import io.authio.core.risk.RiskSettings;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;

/**
 * {@code /admin/realms/{realm}/authio/risk-settings}: GET (view-realm) returns the realm's settings with
 * every field; PUT (manage-realm) replaces them (absent fields take their defaults) after validation:
 * any bad field is a 400 and nothing is stored.
 */
public class RiskSettingsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public RiskSettingsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Api.run(session, () -> {
            access.require("viewing the risk settings", Permission.VIEW_REALM);
            return Api.ok(RiskSettingsStore.load(realm).toMap());
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(String body) {
        return Api.run(session, () -> {
            Caller caller = access.require("changing the risk settings", Permission.MANAGE_REALM);
            RiskSettings settings = RiskSettings.parse(body);
            RiskSettingsStore.save(realm, settings);
            AuditLog.of(session).recordSystem(realm.getId(), "risk.settings.updated", AuditEvent.Outcome.SUCCESS, caller.type(),
                    caller.id(), null, Map.of("step_up_threshold", String.valueOf(settings.stepUpThreshold()),
                            "deny_threshold", String.valueOf(settings.denyThreshold())));
            access.recordChange(OperationType.UPDATE, "RISK_SETTINGS", settings.toMap(), "risk-settings");
            return Api.ok(settings.toMap());
        });
    }
}
