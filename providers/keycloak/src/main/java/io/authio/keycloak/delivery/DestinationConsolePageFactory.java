package io.authio.keycloak.delivery;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import io.authio.core.api.ApiException;
import io.authio.core.audit.AuditEvent;
import io.authio.core.webhook.EventFilter;
import io.authio.keycloak.audit.AuditLog;

/**
 * An admin-console page (Keycloak's declarative UI) listing a realm's destinations of one kind. Rows come from
 * {@link ConsoleMirror}; an administrator may change URL, event types, description and enabled there, or delete
 * the destination. Creating one in the console is refused with a pointer to the API, because a webhook's secret
 * is shown exactly once, in the API's response, and must never sit in a component's plaintext config.
 */
abstract class DestinationConsolePageFactory implements UiPageProviderFactory<ComponentModel> {

    /** The destination kinds this page shows. */
    abstract List<String> kinds();

    /** The API collection, e.g. {@code webhooks}. */
    abstract String collection();

    /** Audit type prefix of changes, e.g. {@code webhook.endpoint}. */
    abstract String auditPrefix();

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        DestinationEntity d = model.getId() == null ? null : new DestinationStore(session).find(realm.getId(), model.getId());
        if (d == null || !kinds().contains(d.getKind())) {
            throw new ComponentValidationException("Create these with POST /admin/realms/" + realm.getName() + "/authio/" + collection()
                    + " (Authio's admin API): secrets are shown once in its response and never stored in plaintext.");
        }
        String url = model.get(ConsoleMirror.URL);
        if (url == null || url.isBlank()) {
            throw new ComponentValidationException("url is required");
        }
        if (!url.equals(d.getUrl())) {
            try {
                new UrlCheck(session, realm).check(url, d.getKind());
            } catch (ApiException e) {
                throw new ComponentValidationException(e.getMessage());
            }
        }
        List<String> types = model.getConfig().getOrDefault(ConsoleMirror.EVENT_TYPES, List.of());
        try {
            EventFilter.of(types);
        } catch (IllegalArgumentException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        String description = model.get(ConsoleMirror.DESCRIPTION);
        if (description != null && description.length() > 255) {
            throw new ComponentValidationException("description is longer than 255 characters");
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        DestinationEntity d = new DestinationStore(session).find(realm.getId(), newModel.getId());
        if (d == null) {
            return;
        }
        boolean changed = false;
        String url = newModel.get(ConsoleMirror.URL);
        if (!url.equals(d.getUrl())) {
            d.setUrl(url);
            changed = true;
        }
        String filter = EventFilter.of(newModel.getConfig().getOrDefault(ConsoleMirror.EVENT_TYPES, List.of())).stored();
        if (!filter.equals(d.getEventFilter())) {
            d.setEventFilter(filter);
            changed = true;
        }
        String description = blankToNull(newModel.get(ConsoleMirror.DESCRIPTION));
        if (!java.util.Objects.equals(description, d.getDescription())) {
            d.setDescription(description);
            changed = true;
        }
        boolean enabled = Boolean.parseBoolean(newModel.get(ConsoleMirror.ENABLED));
        if (enabled != d.isEnabled()) {
            if (enabled) {
                d.setDisabledReason(null);
                d.setFailingSince(null);
            }
            d.setEnabled(enabled);
            changed = true;
        }
        if (changed) {
            d.setUpdatedAt(System.currentTimeMillis());
            audit(session, realm, "updated", d);
        }
        ConsoleMirror.sync(session, realm, d); // the status line is Authio's: an edit of it is put back
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        DestinationStore store = new DestinationStore(session);
        DestinationEntity d = store.find(realm.getId(), model.getId());
        if (d != null && kinds().contains(d.getKind())) {
            store.delete(d);
            audit(session, realm, "deleted", d);
        }
    }

    private void audit(KeycloakSession session, RealmModel realm, String action, DestinationEntity d) {
        // Keycloak's own admin event for the component change (admin.component.*) names the administrator.
        AuditLog.of(session).recordSystem(realm.getId(), auditPrefix() + "." + action, AuditEvent.Outcome.SUCCESS, "admin",
                null, null, Map.of("destination_id", d.getId(), "url", io.authio.core.net.Urls.withoutSecrets(d.getUrl()), "via", "admin-console"));
    }

    static ProviderConfigProperty property(String name, String label, String type, String help, boolean readOnly) {
        ProviderConfigProperty p = new ProviderConfigProperty(name, label, help, type, null);
        p.setReadOnly(readOnly);
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
