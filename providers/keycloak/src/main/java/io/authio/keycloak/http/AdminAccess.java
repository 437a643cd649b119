package io.authio.keycloak.http;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;

/**
 * The one way an Authio admin resource asks who is calling and whether they may: a permission check (a 403 naming the
 * role when refused), the API key's scope, the {@link Caller} recorded as "who did it", and the Keycloak admin event
 * of a configuration change (so Authio's changes appear beside Keycloak's own in the realm's admin events).
 */
public final class AdminAccess {

    /** The realm roles (fine-grained admin permissions) Authio's admin API checks. */
    public enum Permission {
        VIEW_EVENTS("view-events"),
        VIEW_REALM("view-realm"),
        MANAGE_REALM("manage-realm"),
        VIEW_USERS("view-users"),
        MANAGE_USERS("manage-users"),
        MANAGE_CLIENTS("manage-clients");

        private final String role;

        Permission(String role) {
            this.role = role;
        }

        public String role() {
            return role;
        }

        boolean grantedBy(AdminPermissionEvaluator auth) {
            return switch (this) {
                case VIEW_REALM -> auth.realm().canViewRealm();
                case MANAGE_REALM -> auth.realm().canManageRealm();
                case VIEW_EVENTS -> auth.realm().canViewEvents();
                case VIEW_USERS -> auth.users().canView();
                case MANAGE_USERS -> auth.users().canManage();
                case MANAGE_CLIENTS -> auth.clients().canManage();
            };
        }
    }

    /** Prefix of the admin-event resource types of Authio's configuration (e.g. {@code AUTHIO_WEBHOOK}). */
    public static final String RESOURCE_TYPE_PREFIX = "AUTHIO_";

    private static final String ADMIN_EVENT = AdminAccess.class.getName() + ".adminEvent";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    private AdminAccess(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    public static AdminAccess of(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        return new AdminAccess(session, realm, auth);
    }

    /** Keeps the request's admin-event builder (handed to the admin resource provider) for {@link #recordChange}. */
    public static void bind(KeycloakSession session, AdminEventBuilder adminEvent) {
        session.setAttribute(ADMIN_EVENT, adminEvent);
    }

    public AdminPermissionEvaluator permissions() {
        return auth;
    }

    /** Who is calling: the API key, the administrator or the client. */
    public Caller caller() {
        return Caller.of(auth);
    }

    /** The API key the request came with, or null. */
    public ApiKeyPrincipal apiKey() {
        return ApiKeyPrincipal.of(auth);
    }

    public boolean holds(Permission permission) {
        return permission.grantedBy(auth);
    }

    /**
     * The caller, when it holds every permission; otherwise a 403 "{@code action} requires the realm's ... role".
     * {@code action} says what was refused, e.g. "changing delivery destinations".
     */
    public Caller require(String action, Permission... permissions) {
        for (Permission p : permissions) {
            if (!holds(p)) {
                String roles = Arrays.stream(permissions).map(Permission::role).collect(Collectors.joining(" and "));
                throw DomainException.forbidden(action + " requires the realm's " + roles + " role" + (permissions.length > 1 ? "s" : ""));
            }
        }
        return caller();
    }

    /** Refuses an API key without {@code scope} (or issued in another realm); other callers pass. */
    public void requireScope(String scope) {
        ApiKeyPrincipal key = apiKey();
        if (key != null && (!key.has(scope) || !key.realmId().equals(realm.getId()))) {
            throw DomainException.forbidden("this API key does not carry the " + scope + " scope");
        }
    }

    /** Refuses every API key (operations a key must never reach, such as managing keys). */
    public void refuseApiKeys(String refusal) {
        if (apiKey() != null) {
            throw DomainException.forbidden(refusal);
        }
    }

    /**
     * Records a configuration change as a Keycloak admin event, in this request's transaction (kept when the realm
     * keeps admin events; the representation only when it keeps their details). {@code representation} must hold no
     * secret: Keycloak stores it as given. The resource path is relative to the realm, like Keycloak's own
     * ({@code authio/webhooks/{id}}); {@code resourceType} is appended to {@value #RESOURCE_TYPE_PREFIX}.
     */
    public void recordChange(OperationType operation, String resourceType, Object representation, String... path) {
        AdminEventBuilder adminEvent = session.getAttribute(ADMIN_EVENT, AdminEventBuilder.class);
        if (adminEvent == null) {
            return; // not an admin-API request (e.g. the console's own channel records its changes itself)
        }
        String[] elements = new String[path.length + 1];
        elements[0] = "authio";
        System.arraycopy(path, 0, elements, 1, path.length);
        adminEvent.operation(operation).resource(RESOURCE_TYPE_PREFIX + resourceType).resourcePath(elements)
                .representation(representation).success();
    }
}
