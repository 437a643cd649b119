package io.authio.keycloak.store;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Registers Authio's tables with Keycloak's persistence unit and Liquibase. */
public class AuthioJpaEntityProvider implements JpaEntityProvider {

    static final List<Class<?>> ENTITIES = List.of(AuditEventEntity.class);

    @Override
    public List<Class<?>> getEntities() {
        return ENTITIES;
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/authio/changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return AuthioJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}
