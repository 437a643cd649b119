package io.authio.keycloak.console;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/**
 * The console's schema changes (changelog table DATABASECHANGELOG_AUTHIO_CON). It has no tables of its own: its
 * changelog removes the realm components that earlier Authio versions wrote to mirror records into Keycloak's
 * admin console, which anyone with {@code view-realm} could read and realm exports carried.
 */
public class ConsoleEntityProviderFactory extends AuthioEntityProviderFactory {

    public ConsoleEntityProviderFactory() {
        super("authio-console-jpa", List.of(), "META-INF/authio/console-changelog.xml");
    }
}
