package io.authio.keycloak.delivery;

import java.util.ArrayList;
import java.util.List;
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

import io.authio.core.DomainException;
import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;
import io.authio.core.audit.AuditEvent;
import io.authio.core.net.Cidr;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmSettings;

/**
 * {@code /admin/realms/{realm}/authio/delivery-settings}: the networks deliveries may reach although
 * they are not public (an internal SIEM, a loopback receiver in tests). Empty by default, and only inside the
 * networks the server operator allows ({@code allowed-networks}): the realm's administrators cannot widen it.
 * Stored in AUTHIO_REALM_SETTING, which only this resource writes.
 */
public class DeliverySettingsResource {

    /** The PUT body: the whole allowlist. */
    record AllowlistBody(List<String> allowedNetworks) {
        AllowlistBody {
            Fields.texts("allowed_networks", allowedNetworks, 50, 60, true);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public DeliverySettingsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Api.run(session, () -> {
            access.require("reading the delivery settings", Permission.VIEW_REALM);
            return Api.ok(view());
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(String body) {
        return Api.run(session, () -> {
            Caller caller = access.require("changing the delivery settings", Permission.MANAGE_REALM);
            List<String> networks = JsonBody.read(body, AllowlistBody.class).allowedNetworks();
            DestinationStore store = new DestinationStore(session);
            List<String> clean = new ArrayList<>();
            for (String n : networks) {
                Cidr network;
                try {
                    network = Cidr.parse(n);
                } catch (IllegalArgumentException e) {
                    throw DomainException.invalid("allowed_networks: " + e.getMessage());
                }
                String refusal = store.config().allowedNetworks().refusal(network);
                if (refusal != null) {
                    throw DomainException.invalid("allowed_networks: " + refusal);
                }
                clean.add(network.toString());
            }
            new RealmSettings(session).put(realm.getId(), DestinationStore.ALLOWLIST_SETTING, String.join(",", clean));
            AuditLog.of(session).recordSystem(realm.getId(), "delivery.settings.updated", AuditEvent.Outcome.SUCCESS, caller.type(),
                    caller.id(), null, Map.of("allowed_networks", String.join(",", clean)));
            Map<String, Object> view = view();
            access.recordChange(OperationType.UPDATE, "DELIVERY_SETTINGS", view, "delivery-settings");
            return Api.ok(view);
        });
    }

    private Map<String, Object> view() {
        DestinationStore store = new DestinationStore(session);
        return Map.of("allowed_networks", store.storedAllowlist(realm.getId()).stream().map(Cidr::toString).toList(),
                "max_destinations", store.config().maxDestinations());
    }
}
