package io.authio.keycloak.setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

import io.authio.core.audit.AuditEvent;
import io.authio.keycloak.audit.AuditLog;

/**
 * {@code --spi-authio-setup--default--install-in-new-realms=true} turns Authio on for every realm created or
 * imported from then on (never the administrators' realm, which keeps Keycloak's flows unless set up explicitly);
 * a realm created or imported with the attribute {@code authio.setup=install} gets it whatever the option. Both
 * run in the realm's creating transaction, after Keycloak finished the realm (its post-create event).
 */
public class DefaultRealmSetupFactory implements RealmSetupFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";
    /** Realm attribute: {@code install} asks for Authio at creation or import; it then reads {@code installed}. */
    public static final String ATTRIBUTE = "authio.setup";
    static final String SHIPPED_REALM = "META-INF/authio/realm-config/authio-demo-realm.json";

    private static final Logger LOG = Logger.getLogger(DefaultRealmSetupFactory.class);

    private boolean installInNewRealms;
    private RealmRepresentation shipped;

    @Override
    public RealmSetup create(KeycloakSession session) {
        return new DefaultRealmSetup(session, shipped);
    }

    @Override
    public void init(Config.Scope config) {
        installInNewRealms = config.getBoolean("install-in-new-realms", false);
        try (InputStream in = DefaultRealmSetupFactory.class.getClassLoader().getResourceAsStream(SHIPPED_REALM)) {
            if (in == null) {
                throw new IllegalStateException("the provider jar lacks " + SHIPPED_REALM);
            }
            shipped = JsonSerialization.readValue(in, RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmModel realm = created.getCreatedRealm();
                boolean asked = "install".equals(realm.getAttribute(ATTRIBUTE));
                boolean admins = Config.getAdminRealm().equals(realm.getName());
                if (asked || (installInNewRealms && !admins)) {
                    installAt(created.getKeycloakSession(), realm, asked ? "realm attribute" : "server option");
                }
            }
        });
    }

    /** Installs and records it; used by the post-create event and the admin API. */
    static RealmSetupResult installAt(KeycloakSession session, RealmModel realm, String by) {
        RealmSetupResult result = session.getProvider(RealmSetup.class).install(realm);
        realm.setAttribute(ATTRIBUTE, "installed");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("by", by);
        metadata.put("flows_created", String.join(",", result.flowsCreated()));
        metadata.put("browser_flow", result.browserFlow());
        metadata.put("direct_grant_flow", result.directGrantFlow());
        metadata.put("event_listeners_added", String.join(",", result.eventListenersAdded()));
        AuditLog.of(session).recordSystem(realm.getId(), "authio.installed", AuditEvent.Outcome.SUCCESS, "system", null, null, metadata);
        LOG.infof("Authio turned on for realm %s (%s): flows created %s", realm.getName(), by, result.flowsCreated());
        return result;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("install-in-new-realms", Boolean.toString(installInNewRealms), "flows-from", SHIPPED_REALM);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("install-in-new-realms").type("boolean").defaultValue(false)
                .helpText("Turn Authio on (flows, bindings, event listeners, theme, risk claim scope) for every realm created "
                        + "or imported, except the administrators' realm.").add()
                .build();
    }
}
