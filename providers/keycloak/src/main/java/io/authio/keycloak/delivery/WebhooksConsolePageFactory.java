package io.authio.keycloak.delivery;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;

/** Admin console page "Authio webhooks": the realm's webhook endpoints. */
public class WebhooksConsolePageFactory extends DestinationConsolePageFactory {

    public static final String ID = "authio-webhooks";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Authio webhook endpoints of this realm (Standard Webhooks, signed). Create endpoints and rotate secrets with "
                + "Authio's admin API (/admin/realms/{realm}/authio/webhooks); edit, disable or delete them here.";
    }

    @Override
    List<String> kinds() {
        return List.of("webhook");
    }

    @Override
    String collection() {
        return "webhooks";
    }

    @Override
    String auditPrefix() {
        return "webhook.endpoint";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                property(ConsoleMirror.URL, "Endpoint URL", ProviderConfigProperty.STRING_TYPE, "HTTPS URL receiving the POSTs", false),
                property(ConsoleMirror.EVENT_TYPES, "Event types", ProviderConfigProperty.MULTIVALUED_STRING_TYPE,
                        "Event types to send; '*' for all, 'user.login.*' for a family", false),
                property(ConsoleMirror.DESCRIPTION, "Description", ProviderConfigProperty.STRING_TYPE, "What this endpoint is for", false),
                property(ConsoleMirror.ENABLED, "Enabled", ProviderConfigProperty.BOOLEAN_TYPE,
                        "Off: nothing is queued for this endpoint. Authio turns it off after 410 Gone or days of failures", false),
                property(ConsoleMirror.STATUS, "Status", ProviderConfigProperty.STRING_TYPE, "Delivery health as Authio sees it", true));
    }
}
