package io.authio.keycloak.apikey;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;
import io.authio.core.api.Params;
import io.authio.core.apikey.ApiKeys;
import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmData;

/**
 * {@code /admin/realms/{realm}/authio/api-keys}: issuing (the key is in the 201 answer and nowhere else),
 * listing, revoking. A key carries the roles of the service-account client it is bound to, so issuing
 * one requires managing the realm and its clients; reading requires view-realm. API keys themselves
 * cannot call this resource.
 */
public class ApiKeysResource {

    /** The issue body. */
    record IssueBody(String name, List<String> scopes, String clientId, String mode, Long expiresInDays) {
        IssueBody {
            Fields.text("name", name, 100, true);
            Fields.texts("scopes", scopes, 10, 40, true);
            Fields.text("client_id", clientId, 255, true);
            Fields.text("mode", mode, 8, false);
            Fields.integer("expires_in_days", expiresInDays, 1, 3650, 0);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public ApiKeysResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue(String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            IssueBody in = JsonBody.read(body, IssueBody.class);
            String name = in.name();
            Set<String> scopes;
            try {
                scopes = ApiKeys.scopes(in.scopes());
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid(e.getMessage());
            }
            String clientId = in.clientId();
            String modeValue = in.mode();
            ApiKeys.Mode mode;
            if (modeValue == null || modeValue.equals("live")) {
                mode = ApiKeys.Mode.LIVE;
            } else if (modeValue.equals("test")) {
                mode = ApiKeys.Mode.TEST;
            } else {
                throw DomainException.invalid("mode must be live or test");
            }
            Long days = in.expiresInDays();
            ClientModel client = realm.getClientByClientId(clientId);
            if (client == null || !client.isServiceAccountsEnabled() || client.isPublicClient()) {
                throw DomainException.invalid("client_id must name a confidential client of this realm with a service account");
            }
            if (!access.permissions().clients().canManage(client)) {
                throw DomainException.forbidden("issuing a key for this client requires managing the client");
            }
            ApiKeys.Issued issued = ApiKeys.issue(mode);
            long now = System.currentTimeMillis();
            ApiKeyEntity k = new ApiKeyEntity();
            k.setId(Uuid7.next());
            k.setRealmId(realm.getId());
            k.setName(name);
            k.setMode(mode.value());
            k.setLookup(issued.lookup());
            k.setDigest(issued.digest());
            k.setScopes(String.join(" ", new TreeSet<>(scopes)));
            k.setClientId(client.getId());
            k.setCreatedAt(now);
            k.setCreatedByType(caller.type());
            k.setCreatedById(caller.id());
            k.setExpiresAt(days == null ? null : now + days * 24 * 3600 * 1000L);
            RealmData.em(session).persist(k);
            audit("api_key.created", caller, k, OperationType.CREATE);
            Map<String, Object> out = view(k);
            out.put("key", issued.secret());
            return Api.status(201, out);
        });
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Api.run(session, () -> {
            requireView();
            List<ApiKeyEntity> keys = RealmData.em(session)
                    .createQuery("select k from ApiKeyEntity k where k.realmId = :realmId order by k.createdAt desc", ApiKeyEntity.class)
                    .setParameter("realmId", realm.getId()).setMaxResults(1000).getResultList();
            return Api.ok(Map.of("data", keys.stream().map(this::view).toList()));
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return Api.run(session, () -> {
            requireView();
            return Api.ok(view(find(id)));
        });
    }

    @POST
    @Path("{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("id") String id) {
        return Api.run(session, () -> revokeKey(id));
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("id") String id) {
        return Api.run(session, () -> revokeKey(id));
    }

    private Response revokeKey(String id) {
        Caller caller = requireManage();
        ApiKeyEntity k = find(id);
        if (k.getRevokedAt() == null) {
            k.setRevokedAt(System.currentTimeMillis());
            audit("api_key.revoked", caller, k, OperationType.DELETE);
        }
        return Api.ok(view(k));
    }

    private ApiKeyEntity find(String id) {
        String keyId = Params.id("id", id);
        ApiKeyEntity k = keyId == null ? null : RealmData.em(session).find(ApiKeyEntity.class, keyId);
        if (k == null || !k.getRealmId().equals(realm.getId())) {
            throw DomainException.notFound("no such API key");
        }
        return k;
    }

    private Map<String, Object> view(ApiKeyEntity k) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", k.getId());
        out.put("name", k.getName());
        out.put("prefix", "sk_" + k.getMode() + "_" + k.getLookup());
        out.put("mode", k.getMode());
        out.put("scopes", Arrays.asList(k.getScopes().split(" ")));
        ClientModel client = realm.getClientById(k.getClientId());
        out.put("client_id", client == null ? null : client.getClientId());
        out.put("created_at", ts(k.getCreatedAt()));
        out.put("expires_at", ts(k.getExpiresAt()));
        out.put("revoked_at", ts(k.getRevokedAt()));
        out.put("last_used_at", ts(k.getLastUsedAt()));
        long now = System.currentTimeMillis();
        out.put("status", k.getRevokedAt() != null ? "revoked" : k.getExpiresAt() != null && k.getExpiresAt() <= now ? "expired" : "active");
        return out;
    }

    private static String ts(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    private Caller requireManage() {
        access.refuseApiKeys("API keys cannot manage API keys");
        return access.require("managing API keys", Permission.MANAGE_REALM, Permission.MANAGE_CLIENTS);
    }

    private void requireView() {
        access.refuseApiKeys("API keys cannot read API keys");
        access.require("reading API keys", Permission.VIEW_REALM);
    }

    /** Authio's audit event and Keycloak's admin event (the key's public view: never the key itself). */
    private void audit(String type, Caller caller, ApiKeyEntity k, OperationType operation) {
        audit(session, realm, type, caller.type(), caller.id(), k, null);
        access.recordChange(operation, "API_KEY", view(k), "api-keys", k.getId());
    }

    /** The audit event of an issue or revoke; {@code via} names a channel other than this API (the console). */
    static void audit(KeycloakSession session, RealmModel realm, String type, String actorType, String actorId, ApiKeyEntity k, String via) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("api_key_id", k.getId());
        metadata.put("name", k.getName());
        metadata.put("scopes", k.getScopes());
        if (via != null) {
            metadata.put("via", via);
        }
        AuditLog.of(session).recordSystem(realm.getId(), type, AuditEvent.Outcome.SUCCESS, actorType, actorId, null, metadata);
    }
}
