package io.authio.keycloak.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.authio.core.DomainException;
import io.authio.core.api.Params;
import io.authio.core.audit.AuditEvent;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.risk.DeviceEntity;
import io.authio.keycloak.risk.RiskStore;

/**
 * {@code /realms/{realm}/authio/devices}: the caller's known devices (GET) and revoking one (DELETE
 * {@code /devices/{id}}: the next sign-in from it counts as a new device). For the user's own token as Keycloak's
 * account API admits it ({@link AccountCaller}: view-profile to read, manage-account to revoke); a user only
 * ever sees and revokes their own devices.
 */
public class DevicesResource {

    private final KeycloakSession session;

    public DevicesResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Api.run(session, () -> {
            UserModel user = AccountCaller.require(session, AccountCaller.Access.READ, "devices");
            RealmModel realm = session.getContext().getRealm();
            List<Map<String, Object>> data = new ArrayList<>();
            for (DeviceEntity d : new RiskStore(session).devices(realm.getId(), user.getId())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.getId());
                m.put("label", d.getLabel());
                m.put("first_seen", Instant.ofEpochMilli(d.getFirstSeen()).toString());
                m.put("last_seen", Instant.ofEpochMilli(d.getLastSeen()).toString());
                m.put("last_ip", d.getLastIp());
                m.put("last_country", d.getLastCountry());
                data.add(m);
            }
            return Api.ok(Map.of("data", data));
        });
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("id") String id) {
        return Api.run(session, () -> {
            UserModel user = AccountCaller.require(session, AccountCaller.Access.MANAGE, "devices");
            RealmModel realm = session.getContext().getRealm();
            String deviceId = Params.id("id", id);
            if (!new RiskStore(session).revokeDevice(realm.getId(), user.getId(), deviceId)) {
                throw DomainException.notFound("no such device");
            }
            AuditLog.of(session).recordSystem(realm.getId(), "user.device.revoked", AuditEvent.Outcome.SUCCESS, "user",
                    user.getId(), user.getId(), Map.of("device_id", deviceId));
            return Response.noContent().build();
        });
    }
}
