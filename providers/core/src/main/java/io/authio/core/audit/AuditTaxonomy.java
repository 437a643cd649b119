package io.authio.core.audit;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps Keycloak's event names onto Authio's dotted audit types ({@code user.login.succeeded}, ...).
 *
 * <p>Only consequential identity events are kept: token refreshes, introspection and userinfo calls are
 * high-volume plumbing, so only their failures are recorded. Keycloak emits some deprecated duplicates
 * next to their successors (UPDATE_PASSWORD / UPDATE_TOTP beside UPDATE_CREDENTIAL); the duplicates are
 * dropped so each change is recorded once. The full table is documented in docs/audit.md.
 */
public final class AuditTaxonomy {

    /** Success type and failure type for one Keycloak event name; null means "not recorded". */
    private record Mapping(String onSuccess, String onFailure) {
    }

    private static final Map<String, Mapping> USER_EVENTS = Map.ofEntries(
            Map.entry("LOGIN", new Mapping("user.login.succeeded", "user.login.failed")),
            Map.entry("LOGOUT", new Mapping("user.logout", "user.logout.failed")),
            Map.entry("REGISTER", new Mapping("user.registered", "user.registration.failed")),
            Map.entry("DELETE_ACCOUNT", new Mapping("user.deleted", "user.deletion.failed")),
            Map.entry("UPDATE_PROFILE", new Mapping("user.profile.updated", "user.profile.update.failed")),
            Map.entry("UPDATE_EMAIL", new Mapping("user.email.updated", "user.email.update.failed")),
            Map.entry("VERIFY_EMAIL", new Mapping("user.email.verified", "user.email.verification.failed")),
            Map.entry("SEND_VERIFY_EMAIL", new Mapping("user.email.verification_sent", "user.email.verification_send.failed")),
            Map.entry("UPDATE_CREDENTIAL", new Mapping("user.credential.added", "user.credential.add.failed")),
            Map.entry("REMOVE_CREDENTIAL", new Mapping("user.credential.removed", "user.credential.remove.failed")),
            Map.entry("SEND_RESET_PASSWORD", new Mapping("user.password.reset_requested", "user.password.reset_request.failed")),
            Map.entry("RESET_PASSWORD", new Mapping("user.password.reset", "user.password.reset.failed")),
            Map.entry("GRANT_CONSENT", new Mapping("user.consent.granted", "user.consent.grant.failed")),
            Map.entry("UPDATE_CONSENT", new Mapping("user.consent.updated", "user.consent.update.failed")),
            Map.entry("REVOKE_GRANT", new Mapping("user.consent.revoked", "user.consent.revoke.failed")),
            Map.entry("FEDERATED_IDENTITY_LINK", new Mapping("user.identity.linked", "user.identity.link.failed")),
            Map.entry("FEDERATED_IDENTITY_OVERRIDE_LINK", new Mapping("user.identity.relinked", "user.identity.relink.failed")),
            Map.entry("REMOVE_FEDERATED_IDENTITY", new Mapping("user.identity.unlinked", "user.identity.unlink.failed")),
            Map.entry("IDENTITY_PROVIDER_FIRST_LOGIN", new Mapping("user.identity.first_login", "user.identity.first_login.failed")),
            Map.entry("IDENTITY_PROVIDER_LOGIN", new Mapping(null, "user.identity.login.failed")),
            Map.entry("IMPERSONATE", new Mapping("user.impersonated", "user.impersonation.failed")),
            Map.entry("EXECUTE_ACTIONS", new Mapping("user.required_actions.sent", "user.required_actions.send.failed")),
            Map.entry("EXECUTE_ACTION_TOKEN", new Mapping("user.action_token.used", "user.action_token.failed")),
            Map.entry("USER_DISABLED_BY_TEMPORARY_LOCKOUT", new Mapping("user.locked.temporarily", "user.locked.temporarily")),
            Map.entry("USER_DISABLED_BY_PERMANENT_LOCKOUT", new Mapping("user.locked.permanently", "user.locked.permanently")),
            Map.entry("INVITE_ORG", new Mapping("user.organization.invited", "user.organization.invite.failed")),
            Map.entry("CLIENT_LOGIN", new Mapping("client.login.succeeded", "client.login.failed")),
            Map.entry("CLIENT_REGISTER", new Mapping("client.registered", "client.registration.failed")),
            Map.entry("CLIENT_UPDATE", new Mapping("client.updated", "client.update.failed")),
            Map.entry("CLIENT_DELETE", new Mapping("client.deleted", "client.deletion.failed")),
            Map.entry("TOKEN_EXCHANGE", new Mapping("token.exchanged", "token.exchange.failed")),
            Map.entry("CODE_TO_TOKEN", new Mapping(null, "token.code_exchange.failed")),
            Map.entry("REFRESH_TOKEN", new Mapping(null, "token.refresh.failed")),
            Map.entry("INVALID_SIGNATURE", new Mapping("token.signature.invalid", "token.signature.invalid")));

    private static final Map<String, String> OPERATIONS = Map.of(
            "CREATE", "created",
            "UPDATE", "updated",
            "DELETE", "deleted");

    private static final Pattern USER_PATH = Pattern.compile("^users/([0-9a-fA-F-]{36})(/.*)?$");
    private static final Pattern ID_SEGMENT = Pattern.compile("^[0-9a-fA-F-]{36}$");

    private AuditTaxonomy() {
    }

    /**
     * The audit type for a Keycloak user event, or empty when the event is not recorded.
     *
     * @param keycloakType   the event type name, e.g. {@code LOGIN} or {@code LOGIN_ERROR}
     * @param credentialType the {@code credential_type} detail where Keycloak sets one, else null
     */
    public static Optional<String> userEventType(String keycloakType, String credentialType) {
        if (keycloakType == null) {
            return Optional.empty();
        }
        boolean failure = keycloakType.endsWith("_ERROR");
        String base = failure ? keycloakType.substring(0, keycloakType.length() - "_ERROR".length()) : keycloakType;
        Mapping mapping = USER_EVENTS.get(base);
        if (mapping == null) {
            return Optional.empty();
        }
        String type = failure ? mapping.onFailure() : mapping.onSuccess();
        if (!failure && "UPDATE_CREDENTIAL".equals(base) && "password".equals(credentialType)) {
            type = "user.credential.updated";
        }
        return Optional.ofNullable(type);
    }

    /** Whether the Keycloak event name denotes a failure. */
    public static boolean isFailure(String keycloakType) {
        return keycloakType != null && keycloakType.endsWith("_ERROR");
    }

    /**
     * The audit type for a Keycloak admin event: {@code admin.<resource>.<operation>}, where an ACTION is
     * named after the last path segment (POST users/{id}/reset-password becomes
     * {@code admin.user.reset_password}).
     */
    public static String adminEventType(String resourceType, String operation, String resourcePath) {
        String resource = resourceType == null ? "unknown" : resourceType.toLowerCase(Locale.ROOT);
        String op = OPERATIONS.get(operation);
        if (op == null) {
            op = actionName(resourcePath);
        }
        return "admin." + resource + "." + op;
    }

    /** The user an admin event is about, when its resource path points into {@code users/{id}}. */
    public static Optional<String> subjectUserId(String resourcePath) {
        if (resourcePath == null) {
            return Optional.empty();
        }
        var m = USER_PATH.matcher(resourcePath);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String actionName(String resourcePath) {
        if (resourcePath == null || resourcePath.isBlank()) {
            return "action";
        }
        String[] segments = resourcePath.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            String s = segments[i];
            if (!s.isBlank() && !ID_SEGMENT.matcher(s).matches()) {
                String name = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
                return name.isEmpty() ? "action" : name;
            }
        }
        return "action";
    }
}
