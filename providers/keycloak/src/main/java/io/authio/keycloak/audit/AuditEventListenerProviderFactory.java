package io.authio.keycloak.audit;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The {@code authio-audit} event listener. Realms opt in through their event listener list, as for any
 * Keycloak listener; new realms get it added on creation unless {@code enable-for-new-realms} is false,
 * so a fresh realm is audited without anyone remembering to switch it on.
 */
public class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "authio-audit";

    private boolean enableForNewRealms = true;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        enableForNewRealms = config.getBoolean("enable-for-new-realms", true);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!enableForNewRealms) {
            return;
        }
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmModel realm = created.getCreatedRealm();
                List<String> listeners = realm.getEventsListenersStream().collect(Collectors.toList());
                if (!listeners.contains(ID)) {
                    realm.setEventsListeners(Stream.concat(listeners.stream(), Stream.of(ID))
                            .collect(Collectors.toSet()));
                }
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name("enable-for-new-realms")
                .type("boolean")
                .helpText("Add authio-audit to the event listeners of every newly created realm.")
                .defaultValue(true)
                .add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
