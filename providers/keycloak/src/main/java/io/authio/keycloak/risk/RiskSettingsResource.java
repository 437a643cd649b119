package io.authio.keycloak.risk;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.api.ApiException;
import io.authio.core.audit.AuditEvent;
import io.authio.core.risk.RiskSettings;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.Api;

/**
 * {@code /admin/realms/{realm}/authio/risk-settings}: GET (view-realm) returns the realm's settings with
 * every field; PUT (manage-realm) replaces them (absent fields take their defaults) after validation:
 * any bad field is a 400 and nothing is stored.
 */
public class RiskSettingsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public RiskSettingsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Api.run(session, () -> {
            if (!auth.realm().canViewRealm()) {
                throw ApiException.forbidden("viewing the risk settings requires the realm's view-realm role");
            }
            return Api.ok(RiskSettingsStore.load(realm).toMap());
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(String body) {
        return Api.run(session, () -> {
            if (!auth.realm().canManageRealm()) {
                throw ApiException.forbidden("changing the risk settings requires the realm's manage-realm role");
            }
            RiskSettings settings = RiskSettings.parse(body);
            RiskSettingsStore.save(realm, settings);
            String admin = auth.adminAuth() == null || auth.adminAuth().getUser() == null ? null : auth.adminAuth().getUser().getId();
            AuditLog.of(session).recordSystem(realm.getId(), "risk.settings.updated", AuditEvent.Outcome.SUCCESS, "admin", admin,
                    null, Map.of("step_up_threshold", String.valueOf(settings.stepUpThreshold()),
                            "deny_threshold", String.valueOf(settings.denyThreshold())));
            return Api.ok(settings.toMap());
        });
    }
}
