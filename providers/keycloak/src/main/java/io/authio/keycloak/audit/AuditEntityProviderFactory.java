package io.authio.keycloak.audit;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/** AUTHIO_AUDIT_EVENT (changelog table DATABASECHANGELOG_AUTHIO_AUD). */
public class AuditEntityProviderFactory extends AuthioEntityProviderFactory {

    public AuditEntityProviderFactory() {
        super("authio-audit-jpa", List.of(AuditEventEntity.class), "META-INF/authio/audit-changelog.xml");
    }
}
