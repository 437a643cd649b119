package io.authio.keycloak.admin;

import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.keycloak.delivery.DeliverySettingsResource;
import io.authio.keycloak.delivery.SiemSinksResource;
import io.authio.keycloak.console.MeResource;
import io.authio.keycloak.console.OverviewResource;
import io.authio.keycloak.delivery.WebhooksResource;
import io.authio.keycloak.retention.RetentionResource;
import io.authio.keycloak.setup.SetupResource;

/** Root of {@code /admin/realms/{realm}/authio}: one sub-resource per capability. */
public class AuthioAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AuthioAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @Path("audit-events")
    public AuditEventsResource auditEvents() {
        return new AuditEventsResource(session, realm, auth);
    }

    @Path("webhooks")
    public WebhooksResource webhooks() {
        return new WebhooksResource(session, realm, auth);
    }

    @Path("siem-sinks")
    public SiemSinksResource siemSinks() {
        return new SiemSinksResource(session, realm, auth);
    }

    @Path("delivery-settings")
    public DeliverySettingsResource deliverySettings() {
        return new DeliverySettingsResource(session, realm, auth);
    }

    // --- risk engine ---
    @Path("risk-decisions")
    public io.authio.keycloak.risk.RiskDecisionsResource riskDecisions() {
        return new io.authio.keycloak.risk.RiskDecisionsResource(session, realm, auth);
    }

    @Path("risk-settings")
    public io.authio.keycloak.risk.RiskSettingsResource riskSettings() {
        return new io.authio.keycloak.risk.RiskSettingsResource(session, realm, auth);
    }
    // --- end risk engine ---

    // --- data-subject requests and API keys (dsr capability) ---
    @Path("compliance/dsr")
    public io.authio.keycloak.dsr.DsrResource dsr() {
        return new io.authio.keycloak.dsr.DsrResource(session, realm, auth);
    }

    @Path("api-keys")
    public io.authio.keycloak.apikey.ApiKeysResource apiKeys() {
        return new io.authio.keycloak.apikey.ApiKeysResource(session, realm, auth);
    }
    // --- end dsr capability ---

    @Path("retention")
    public RetentionResource retention() {
        return new RetentionResource(session, realm, auth);
    }

    @Path("keys")
    public io.authio.keycloak.keys.KeysResource keys() {
        return new io.authio.keycloak.keys.KeysResource(session, realm, auth);
    }

    @Path("setup")
    public SetupResource setup() {
        return new SetupResource(session, realm, auth);
    }

    // --- console ---
    @Path("me")
    public MeResource me() {
        return new MeResource(session, realm, auth);
    }

    @Path("overview")
    public OverviewResource overview() {
        return new OverviewResource(session, realm, auth);
    }
    // --- end console ---
}
