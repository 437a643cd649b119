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

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.api.ApiException;
import io.authio.core.api.JsonInput;
import io.authio.core.api.Params;
import io.authio.core.apikey.ApiKeys;
import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.dsr.Caller;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.store.RealmData;

/**
 * {@code /admin/realms/{realm}/authio/api-keys}: issuing (the key is in the 201 answer and nowhere else),
 * listing, revoking. A key carries the roles of the service-account client it is bound to, so issuing
 * one requires managing the realm and its clients; reading requires view-realm. API keys themselves
 * cannot call this resource.
 */
public class ApiKeysResource {

    private static final Set<String> FIELDS = Set.of("name", "scopes", "client_id", "mode", "expires_in_days");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public ApiKeysResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue(String body) {
        return Api.run(session, () -> {
            requireManage();
            JsonInput in = JsonInput.parse(body, FIELDS);
            String name = in.string("name", 100, true);
            Set<String> scopes;
            try {
                scopes = ApiKeys.scopes(in.strings("scopes", 10, 40, true));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            String clientId = in.string("client_id", 255, true);
            String modeValue = in.string("mode", 8, false);
            ApiKeys.Mode mode;
            if (modeValue == null || modeValue.equals("live")) {
                mode = ApiKeys.Mode.LIVE;
            } else if (modeValue.equals("test")) {
                mode = ApiKeys.Mode.TEST;
            } else {
                throw ApiException.badRequest("mode must be live or test");
            }
            Long days = in.integer("expires_in_days", 1, 3650);
            ClientModel client = realm.getClientByClientId(clientId);
            if (client == null || !client.isServiceAccountsEnabled() || client.isPublicClient()) {
                throw ApiException.badRequest("client_id must name a confidential client of this realm with a service account");
            }
            if (!auth.clients().canManage(client)) {
                throw ApiException.forbidden("issuing a key for this client requires managing the client");
            }
            ApiKeys.Issued issued = ApiKeys.issue(mode);
            long now = System.currentTimeMillis();
            Caller caller = Caller.of(session, auth);
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
            audit("api_key.created", caller, k);
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
        requireManage();
        ApiKeyEntity k = find(id);
        if (k.getRevokedAt() == null) {
            k.setRevokedAt(System.currentTimeMillis());
            audit("api_key.revoked", Caller.of(session, auth), k);
        }
        return Api.ok(view(k));
    }

    private ApiKeyEntity find(String id) {
        String keyId = Params.id("id", id);
        ApiKeyEntity k = keyId == null ? null : RealmData.em(session).find(ApiKeyEntity.class, keyId);
        if (k == null || !k.getRealmId().equals(realm.getId())) {
            throw ApiException.notFound("no such API key");
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

    private void requireManage() {
        if (ApiKeyPrincipal.of(auth) != null) {
            throw ApiException.forbidden("API keys cannot manage API keys");
        }
        if (!auth.realm().canManageRealm() || !auth.clients().canManage()) {
            throw ApiException.forbidden("managing API keys requires the realm's manage-realm and manage-clients roles");
        }
    }

    private void requireView() {
        if (ApiKeyPrincipal.of(auth) != null) {
            throw ApiException.forbidden("API keys cannot read API keys");
        }
        if (!auth.realm().canViewRealm()) {
            throw ApiException.forbidden("reading API keys requires the realm's view-realm role");
        }
    }

    private void audit(String type, Caller caller, ApiKeyEntity k) {
        audit(session, realm, type, caller.type(), caller.id(), k, null);
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
