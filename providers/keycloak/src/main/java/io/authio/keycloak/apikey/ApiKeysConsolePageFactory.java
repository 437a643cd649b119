package io.authio.keycloak.apikey;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import io.authio.keycloak.console.ConsoleComponents;
import io.authio.keycloak.console.ReadOnlyConsolePage;
import io.authio.keycloak.store.RealmData;

/**
 * Admin console page "authio-api-keys": the realm's API keys (never the key or its digest). Deleting a row
 * revokes the key, audited like the API's revoke. Issuing is refused here: the key is shown once, in the
 * API's answer. The last-used time is not mirrored (it changes on API calls, which must not write components).
 */
public class ApiKeysConsolePageFactory extends ReadOnlyConsolePage {

    public static final String ID = "authio-api-keys";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Authio API keys of this realm. Issue keys with Authio's admin API (POST /admin/realms/{realm}/authio/api-keys; the key is "
                + "shown once); delete a row here to revoke its key. Last use: GET /admin/realms/{realm}/authio/api-keys.";
    }

    @Override
    protected List<String> displayFields() {
        return List.of("name", "prefix", "status", "created", "scopes");
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                readOnly("name", "Name", ProviderConfigProperty.STRING_TYPE, "What the key is for"),
                readOnly("prefix", "Prefix", ProviderConfigProperty.STRING_TYPE, "The start of the key, to recognize it"),
                readOnly("status", "Status", ProviderConfigProperty.STRING_TYPE, "active or revoked (an active key past its expiry no longer works)"),
                readOnly("created", "Created", ProviderConfigProperty.STRING_TYPE, "When it was issued (UTC)"),
                readOnly("scopes", "Scopes", ProviderConfigProperty.MULTIVALUED_STRING_TYPE, "What the key may call"),
                readOnly("client", "Service account client", ProviderConfigProperty.STRING_TYPE, "The client whose roles the key carries"),
                readOnly("mode", "Mode", ProviderConfigProperty.STRING_TYPE, "live or test"),
                readOnly("expires", "Expires", ProviderConfigProperty.STRING_TYPE, "Expiry (UTC), empty for none"),
                readOnly("revoked", "Revoked", ProviderConfigProperty.STRING_TYPE, "When it was revoked (UTC)"));
    }

    @Override
    protected String createRefusal(RealmModel realm) {
        return "Issue API keys with POST /admin/realms/" + realm.getName() + "/authio/api-keys (Authio's admin API): the key is shown "
                + "once in its response and stored only as a digest.";
    }

    @Override
    protected String editRefusal(RealmModel realm) {
        return "API keys cannot be changed; delete the row to revoke the key, or issue a new one with POST /admin/realms/"
                + realm.getName() + "/authio/api-keys.";
    }

    @Override
    protected void consoleDelete(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ApiKeyEntity k = RealmData.em(session).find(ApiKeyEntity.class, model.getId());
        if (k != null && k.getRealmId().equals(realm.getId()) && k.getRevokedAt() == null) {
            k.setRevokedAt(System.currentTimeMillis());
            ApiKeysResource.audit(session, realm, "api_key.revoked", "admin", ConsoleComponents.adminId(session), k, "admin-console");
        }
    }

    /** Creates or refreshes the console row of a key (same transaction as the change). */
    static void sync(KeycloakSession session, RealmModel realm, ApiKeyEntity k) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("name", List.of(k.getName()));
        c.put("prefix", List.of("sk_" + k.getMode() + "_" + k.getLookup()));
        c.put("status", List.of(k.getRevokedAt() != null ? "revoked" : "active"));
        c.put("created", List.of(ts(k.getCreatedAt())));
        c.put("scopes", Arrays.asList(k.getScopes().split(" ")));
        ClientModel client = realm.getClientById(k.getClientId());
        c.put("client", client == null ? List.of() : List.of(client.getClientId()));
        c.put("mode", List.of(k.getMode()));
        c.put("expires", k.getExpiresAt() == null ? List.of() : List.of(ts(k.getExpiresAt())));
        c.put("revoked", k.getRevokedAt() == null ? List.of() : List.of(ts(k.getRevokedAt())));
        ConsoleComponents.put(session, realm, k.getId(), ConsoleComponents.PAGE, ID, k.getName(), c);
    }

    private static String ts(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
