package io.authio.keycloak.delivery;

import java.util.Arrays;
import java.util.List;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Keeps the admin console's view of webhook endpoints and SIEM sinks in step with Authio's tables. The console
 * lists "UI page" components of a realm; each destination has one, with the destination's id as component id
 * and no secret in its config. The table stays the source of truth: the API writes the table and then this
 * mirror; an edit or delete in the console reaches the table through {@link DestinationConsolePageFactory}.
 */
public final class ConsoleMirror {

    static final String URL = "url";
    static final String EVENT_TYPES = "event-types";
    static final String DESCRIPTION = "description";
    static final String ENABLED = "enabled";
    static final String STATUS = "status";
    static final String TYPE = "type";

    private ConsoleMirror() {
    }

    static String pageId(String kind) {
        return "webhook".equals(kind) ? WebhooksConsolePageFactory.ID : SiemSinksConsolePageFactory.ID;
    }

    /** Creates or refreshes the console entry of a destination (same transaction as the change itself). */
    public static void sync(KeycloakSession session, RealmModel realm, DestinationEntity d) {
        if (realm == null || !consolePagesEnabled()) {
            return;
        }
        ComponentModel existing = realm.getComponent(d.getId());
        ComponentModel model = existing != null ? existing : new ComponentModel();
        if (existing != null && same(existing, d)) {
            return;
        }
        model.setId(d.getId());
        model.setParentId(realm.getId());
        model.setProviderType(UiPageProvider.class.getName());
        model.setProviderId(pageId(d.getKind()));
        model.setName(d.getDescription() == null || d.getDescription().isBlank() ? d.getUrl() : d.getDescription());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(URL, d.getUrl());
        config.put(EVENT_TYPES, Arrays.asList(d.getEventFilter().split(" ")));
        if (d.getDescription() != null) {
            config.putSingle(DESCRIPTION, d.getDescription());
        }
        config.putSingle(ENABLED, Boolean.toString(d.isEnabled()));
        config.putSingle(STATUS, status(d));
        if (!"webhook".equals(d.getKind())) {
            config.putSingle(TYPE, d.getKind() + " · " + d.getFormat() + (d.getEncoding() == null ? "" : " · " + d.getEncoding()));
        }
        model.setConfig(config);
        if (existing == null) {
            realm.importComponentModel(model);
        } else {
            realm.updateComponent(model);
        }
    }

    /** Removes the console entry of a deleted destination, if there is one. */
    public static void remove(KeycloakSession session, RealmModel realm, String destinationId) {
        ComponentModel existing = realm == null ? null : realm.getComponent(destinationId);
        if (existing != null) {
            realm.removeComponent(existing);
        }
    }

    static String status(DestinationEntity d) {
        if (!d.isEnabled()) {
            return d.getDisabledReason() == null ? "disabled" : "disabled: " + d.getDisabledReason();
        }
        return d.getFailingSince() == null ? "enabled" : "enabled, failing since " + DestinationViews.time(d.getFailingSince());
    }

    private static boolean same(ComponentModel c, DestinationEntity d) {
        return d.getUrl().equals(c.get(URL))
                && List.of(d.getEventFilter().split(" ")).equals(c.getConfig().getOrDefault(EVENT_TYPES, List.of()))
                && java.util.Objects.equals(d.getDescription(), c.get(DESCRIPTION))
                && Boolean.toString(d.isEnabled()).equals(c.get(ENABLED))
                && status(d).equals(c.get(STATUS));
    }

    private static boolean consolePagesEnabled() {
        return org.keycloak.common.Profile.isFeatureEnabled(org.keycloak.common.Profile.Feature.DECLARATIVE_UI);
    }
}
