package io.authio.keycloak.keys;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.PageRequest;
import io.authio.core.api.Params;
import io.authio.core.keys.KekCallException;
import io.authio.core.keys.KeyRequests;
import io.authio.core.keys.SealException;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;

/**
 * {@code /admin/realms/{realm}/authio/keys}: the realm's data keys and sealed signing keys, their rotation
 * and its record; and, on the master realm only, the KEK status and re-wrap for operators.
 */
public class KeysResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public KeysResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response overview() {
        return Api.run(session, () -> {
            requireView();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("realm_id", realm.getId());
            body.put("data_keys", new DataKeys(session, realm).describe());
            body.put("signing_keys", new SigningKeys(session, realm).describe());
            return Api.ok(body);
        });
    }

    @GET
    @Path("rotations")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotations(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Api.run(session, () -> {
            requireView();
            PageRequest page = PageRequest.parse(limit, cursor, 100, 500);
            return Api.ok(new KeyRotations(session).page(realm.getId(), page).body(KeyRotations::json));
        });
    }

    @POST
    @Path("data-key/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateDataKey(String body) {
        return Api.run(session, () -> {
            Caller actor = requireManage();
            KeyRequests.DataKeyRotation request = KeyRequests.dataKeyRotation(body);
            return Api.ok(changed("data-key/rotate", guarded(() -> DataKeys.locked(session, realm, (s, r) -> {
                DataKeys keys = new DataKeys(s, r);
                DataKeys.Rotated rotated = keys.rotate(actor);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("previous_version", rotated.oldVersion());
                out.put("active_version", rotated.newVersion());
                out.put("resealed", request.reseal() ? keys.resealAll().resealed() : null);
                out.put("sealed_values_by_version", stringKeys(keys.versionsInUse()));
                return out;
            }))));
        });
    }

    @POST
    @Path("data-key/reseal")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reseal() {
        return Api.run(session, () -> {
            requireManage();
            DataKeys.Resealed resealed = guarded(() -> DataKeys.locked(session, realm, (s, r) -> new DataKeys(s, r).resealAll()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("resealed", resealed.resealed());
            out.put("sealed_values_by_version", stringKeys(resealed.versionsInUse()));
            return Api.ok(changed("data-key/reseal", out));
        });
    }

    @DELETE
    @Path("data-keys/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response destroyDataKey(@PathParam("version") String version) {
        return Api.run(session, () -> {
            Caller actor = requireManage();
            int v = Params.intInRange("version", version, 1, Integer.MAX_VALUE, -1);
            guarded(() -> DataKeys.locked(session, realm, (s, r) -> {
                new DataKeys(s, r).destroy(v, actor);
                return null;
            }));
            access.recordChange(OperationType.DELETE, "KEY", Map.of("version", v), "keys", "data-keys", Integer.toString(v));
            return Response.noContent().build();
        });
    }

    @POST
    @Path("signing-key/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateSigningKey(String body) {
        return Api.run(session, () -> {
            Caller actor = requireManage();
            KeyRequests.SigningKeyRotation request = KeyRequests.signingKeyRotation(body);
            SigningKeys.Rotation rotation = guarded(() -> DataKeys.locked(session, realm, (s, r) -> new SigningKeys(s, r)
                    .rotate(request.algorithm(), request.gracePeriodSeconds(), request.keySize(), actor)));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("component_id", rotation.created().getId());
            out.put("kid", rotation.newKid());
            out.put("algorithm", request.algorithm());
            out.put("previous_kids", rotation.previousKids());
            out.put("previous_passive_until", rotation.passiveUntil() == null ? null
                    : io.authio.core.audit.AuditJson.timestamp(java.time.Instant.ofEpochMilli(rotation.passiveUntil())));
            return Api.status(201, changed("signing-key/rotate", out));
        });
    }

    /** Seals the realm's plaintext RSA/EC private keys in place (same kids) and creates missing sealed defaults. */
    @POST
    @Path("signing-key/adopt")
    @Produces(MediaType.APPLICATION_JSON)
    public Response adoptSigningKeys(String body) {
        return Api.run(session, () -> {
            Caller actor = requireManage();
            KeyRequests.empty(body);
            SigningKeys.Adoption adoption = guarded(() -> new SigningKeys(session, realm).adopt(actor, true));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("adopted", adoption.adopted());
            out.put("created", adoption.created());
            out.put("plaintext_remaining", adoption.plaintextRemaining());
            return Api.ok(changed("signing-key/adopt", out));
        });
    }

    @GET
    @Path("kek")
    @Produces(MediaType.APPLICATION_JSON)
    public Response kekStatus() {
        return Api.run(session, () -> {
            requireMasterAdmin();
            Keks keks = Keks.of(session);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("current_kek_id", guarded(() -> keks.current().id()));
            out.put("configured_providers", keks.factories().stream().filter(KekProviderFactory::isConfigured).map(KekProviderFactory::getId).toList());
            out.put("data_keys_by_kek", new KekRewrap(session).dataKeysByKek());
            return Api.ok(out);
        });
    }

    @POST
    @Path("kek/rewrap")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rewrap(String body) {
        return Api.run(session, () -> {
            Caller actor = requireMasterAdmin();
            KeyRequests.Rewrap request = KeyRequests.rewrap(body);
            KekRewrap.Result result = guarded(() -> new KekRewrap(session).rewrap(request.limit(), actor));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("current_kek_id", result.currentKekId());
            out.put("rewrapped", result.rewrapped());
            out.put("remaining", result.remaining());
            out.put("rewrapped_by_realm", result.byRealm());
            return Api.ok(changed("kek/rewrap", out));
        });
    }

    private void requireView() {
        access.require("viewing this realm's keys", Permission.VIEW_REALM);
    }

    private Caller requireManage() {
        return access.require("rotating this realm's keys", Permission.MANAGE_REALM);
    }

    /** The KEK is shared by every realm: only the server's own administrators (master realm "admin" role) touch it. */
    private Caller requireMasterAdmin() {
        AdminAuth admin = access.permissions().adminAuth();
        boolean master = Config.getAdminRealm().equals(realm.getName()) && Config.getAdminRealm().equals(admin.getRealm().getName());
        if (!master || !admin.hasRealmRole(AdminRoles.ADMIN)) {
            throw DomainException.forbidden("KEK operations are reserved to administrators of the " + Config.getAdminRealm()
                    + " realm (role 'admin') at /admin/realms/" + Config.getAdminRealm() + "/authio/keys/kek");
        }
        return access.caller();
    }

    /** Records a key operation as a Keycloak admin event (its answer holds versions and kids, never key material). */
    private Map<String, Object> changed(String action, Map<String, Object> answer) {
        access.recordChange(OperationType.ACTION, "KEY", answer, ("keys/" + action).split("/"));
        return answer;
    }

    /** KEK and sealing failures become 503/409 JSON answers (rolled back), not Keycloak's generic 500. */
    private static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (KekUnavailableException | KekCallException e) {
            throw new DomainException(DomainException.Kind.UNAVAILABLE, "kek_unavailable", e.getMessage());
        } catch (SealException e) {
            throw new DomainException(DomainException.Kind.CONFLICT, "unsealable", e.getMessage());
        } catch (org.keycloak.component.ComponentValidationException e) {
            throw new DomainException(DomainException.Kind.UNAVAILABLE, "kek_unavailable", e.getMessage());
        }
    }

    private static Map<String, Long> stringKeys(Map<Integer, Long> byVersion) {
        Map<String, Long> out = new LinkedHashMap<>();
        byVersion.forEach((v, n) -> out.put(Integer.toString(v), n));
        return out;
    }
}
