package io.authio.keycloak.dsr;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/** AUTHIO_DSR, AUTHIO_DSR_ARTIFACT and AUTHIO_DSR_SUBJECT_KEY (changelog table DATABASECHANGELOG_AUTHIO_DSR). */
public class DsrEntityProviderFactory extends AuthioEntityProviderFactory {

    public DsrEntityProviderFactory() {
        super("authio-dsr-jpa", List.of(DsrArtifactChunkEntity.class, DsrEntity.class, DsrSubjectKeyEntity.class), "META-INF/authio/dsr-changelog.xml");
    }
}
