package io.authio.keycloak.dsr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;

import io.authio.core.dsr.ExportBundle;

/**
 * What Keycloak holds about the account: profile and attributes ({@code users}), linked identity
 * providers and credential metadata without secrets ({@code identities}), groups, roles and organizations
 * ({@code memberships}), online and offline sessions ({@code sessions}) and consents ({@code consents}).
 * Erasure of these rows is the deletion's last step (Keycloak's UserManager), not a batch of this class.
 */
public class KeycloakUserData implements UserDataContributor {

    private final KeycloakSession session;

    public KeycloakUserData(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Set<String> sections() {
        return Set.of("users", "identities", "memberships", "sessions", "consents");
    }

    @Override
    public void export(RealmModel realm, DataSubject subject, String section, ExportBundle.Rows out) {
        if (!subject.hasAccount()) {
            return;
        }
        UserModel user = session.users().getUserById(realm, subject.userId());
        if (user == null) {
            return;
        }
        switch (section) {
            case "users" -> out.write(profile(user));
            case "identities" -> identities(realm, user, out);
            case "memberships" -> memberships(user, out);
            case "sessions" -> sessions(realm, user, out);
            case "consents" -> consents(realm, user, out);
            default -> {
            }
        }
    }

    private static Map<String, Object> profile(UserModel user) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", user.getId());
        row.put("username", user.getUsername());
        row.put("email", user.getEmail());
        row.put("email_verified", user.isEmailVerified());
        row.put("first_name", user.getFirstName());
        row.put("last_name", user.getLastName());
        row.put("enabled", user.isEnabled());
        row.put("created_at", user.getCreatedTimestamp() == null ? null : Instant.ofEpochMilli(user.getCreatedTimestamp()).toString());
        row.put("federation_link", user.getFederationLink());
        Map<String, List<String>> attributes = new LinkedHashMap<>(user.getAttributes());
        for (String standard : List.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME,
                UserModel.EMAIL_VERIFIED, UserModel.ENABLED, UserModel.CREATED_TIMESTAMP)) {
            attributes.remove(standard);
        }
        row.put("attributes", attributes);
        row.put("required_actions", user.getRequiredActionsStream().toList());
        return row;
    }

    private void identities(RealmModel realm, UserModel user, ExportBundle.Rows out) {
        session.users().getFederatedIdentitiesStream(realm, user).forEach(f -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "federated_identity");
            row.put("identity_provider", f.getIdentityProvider());
            row.put("external_user_id", f.getUserId());
            row.put("external_username", f.getUserName());
            out.write(row);
        });
        user.credentialManager().getStoredCredentialsStream().forEach((CredentialModel c) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "credential");
            row.put("id", c.getId());
            row.put("type", c.getType());
            row.put("label", c.getUserLabel());
            row.put("created_at", c.getCreatedDate() == null ? null : Instant.ofEpochMilli(c.getCreatedDate()).toString());
            out.write(row);
        });
    }

    private void memberships(UserModel user, ExportBundle.Rows out) {
        user.getGroupsStream().forEach((GroupModel g) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "group");
            row.put("id", g.getId());
            row.put("name", g.getName());
            row.put("path", ModelToRepresentation.buildGroupPath(g));
            out.write(row);
        });
        user.getRoleMappingsStream().forEach((RoleModel r) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", r.isClientRole() ? "client_role" : "realm_role");
            row.put("id", r.getId());
            row.put("name", r.getName());
            if (r.isClientRole() && r.getContainer() instanceof ClientModel c) {
                row.put("client_id", c.getClientId());
            }
            out.write(row);
        });
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs != null) {
            try {
                orgs.getByMember(user).forEach(o -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("kind", "organization");
                    row.put("id", o.getId());
                    row.put("name", o.getName());
                    out.write(row);
                });
            } catch (RuntimeException organizationsDisabled) {
                // the organization feature is off in this realm: no memberships to report
            }
        }
    }

    private void sessions(RealmModel realm, UserModel user, ExportBundle.Rows out) {
        session.sessions().getUserSessionsStream(realm, user).forEach(s -> out.write(sessionRow(s, false)));
        session.sessions().getOfflineUserSessionsStream(realm, user).forEach(s -> out.write(sessionRow(s, true)));
    }

    private static Map<String, Object> sessionRow(UserSessionModel s, boolean offline) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", s.getId());
        row.put("offline", offline);
        row.put("started_at", Instant.ofEpochSecond(s.getStarted()).toString());
        row.put("last_refresh_at", Instant.ofEpochSecond(s.getLastSessionRefresh()).toString());
        row.put("ip", s.getIpAddress());
        row.put("clients", s.getAuthenticatedClientSessions().values().stream()
                .map(c -> c.getClient() == null ? null : c.getClient().getClientId()).toList());
        return row;
    }

    private void consents(RealmModel realm, UserModel user, ExportBundle.Rows out) {
        session.users().getConsentsStream(realm, user.getId()).forEach(c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("client_id", c.getClient() == null ? null : c.getClient().getClientId());
            row.put("scopes", c.getGrantedClientScopes().stream().map(ClientScopeModel::getName).sorted().toList());
            row.put("granted_at", c.getCreatedDate() == null ? null : Instant.ofEpochMilli(c.getCreatedDate()).toString());
            row.put("updated_at", c.getLastUpdatedDate() == null ? null : Instant.ofEpochMilli(c.getLastUpdatedDate()).toString());
            out.write(row);
        });
    }

    @Override
    public Map<String, Long> erase(RealmModel realm, DataSubject subject, int limit) {
        return Map.of();
    }

    /** Registered as {@code keycloak-user}. */
    public static class Factory implements UserDataContributorFactory {

        @Override
        public UserDataContributor create(KeycloakSession session) {
            return new KeycloakUserData(session);
        }

        @Override
        public int order() {
            return 10;
        }

        @Override
        public String getId() {
            return "keycloak-user";
        }
    }
}
