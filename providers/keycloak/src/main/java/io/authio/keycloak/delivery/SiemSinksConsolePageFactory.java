package io.authio.keycloak.delivery;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;

/** Admin console page "Authio SIEM sinks": the realm's syslog and HTTP sinks. */
public class SiemSinksConsolePageFactory extends DestinationConsolePageFactory {

    public static final String ID = "authio-siem-sinks";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Authio SIEM sinks of this realm (syslog over TCP/TLS, HTTP NDJSON or Splunk HEC). Create sinks and set credentials with "
                + "Authio's admin API (/admin/realms/{realm}/authio/siem-sinks); edit, disable or delete them here.";
    }

    @Override
    List<String> kinds() {
        return List.of("syslog", "http");
    }

    @Override
    String collection() {
        return "siem-sinks";
    }

    @Override
    String auditPrefix() {
        return "siem.sink";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                property(ConsoleMirror.URL, "URL", ProviderConfigProperty.STRING_TYPE,
                        "syslog+tls://host:port, syslog+tcp://host:port (allowlisted networks) or https://…", false),
                property(ConsoleMirror.TYPE, "Type and format", ProviderConfigProperty.STRING_TYPE, "Transport, payload format, encoding", true),
                property(ConsoleMirror.EVENT_TYPES, "Event types", ProviderConfigProperty.MULTIVALUED_STRING_TYPE,
                        "Event types to stream; '*' for all", false),
                property(ConsoleMirror.DESCRIPTION, "Description", ProviderConfigProperty.STRING_TYPE, "What this sink is for", false),
                property(ConsoleMirror.ENABLED, "Enabled", ProviderConfigProperty.BOOLEAN_TYPE, "Off: nothing is queued for this sink", false),
                property(ConsoleMirror.STATUS, "Status", ProviderConfigProperty.STRING_TYPE, "Delivery health as Authio sees it", true));
    }
}
