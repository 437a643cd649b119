package io.authio.keycloak.dsr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.keycloak.store.RealmData;

/**
 * Export bundles kept for a one-time download, stored as BYTEA chunks of at most 1 MiB in
 * AUTHIO_DSR_ARTIFACT: writing and reading hold one chunk in memory at a time, whatever the bundle's size.
 */
final class Artifacts {

    static final int CHUNK = 1024 * 1024;

    private Artifacts() {
    }

    /** Stores the file's bytes as chunks, one transaction per chunk; returns the number of chunks. */
    static int store(KeycloakSessionFactory factory, String realmId, String dsrId, Path file, long expiresAt) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> delete(s, dsrId));
        int seq = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0 && seq > 0) {
                    return seq;
                }
                int n = seq;
                KeycloakModelUtils.runJobInTransaction(factory, s -> RealmData.em(s).createNativeQuery(
                                "insert into AUTHIO_DSR_ARTIFACT (ID, REALM_ID, DSR_ID, SEQ, EXPIRES_AT, CONTENT) values (?1, ?2, ?3, ?4, ?5, ?6)")
                        .setParameter(1, dsrId + ":" + n).setParameter(2, realmId).setParameter(3, dsrId)
                        .setParameter(4, n).setParameter(5, expiresAt).setParameter(6, chunk)
                        .executeUpdate());
                seq++;
                if (chunk.length < CHUNK) {
                    return seq;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the chunks in order, each read in a short transaction of its own. */
    static void copyTo(KeycloakSessionFactory factory, String dsrId, OutputStream out) throws IOException {
        for (int seq = 0;; seq++) {
            int n = seq;
            byte[] chunk = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                @SuppressWarnings("unchecked")
                List<Object> rows = RealmData.em(s).createNativeQuery("select CONTENT from AUTHIO_DSR_ARTIFACT where DSR_ID = ?1 and SEQ = ?2")
                        .setParameter(1, dsrId).setParameter(2, n).getResultList();
                return rows.isEmpty() ? null : (byte[]) rows.get(0);
            });
            if (chunk == null) {
                return;
            }
            out.write(chunk);
        }
    }

    static void delete(KeycloakSession session, String dsrId) {
        RealmData.em(session).createQuery("delete from DsrArtifactChunkEntity c where c.dsrId = :dsrId")
                .setParameter("dsrId", dsrId).executeUpdate();
    }

    /** Drops chunks past their expiry and marks their requests' artifacts expired (at most 1000 rows). */
    static void purgeExpired(KeycloakSession session, long now) {
        EntityManager em = RealmData.em(session);
        List<String> ids = em.createQuery("select c.id from DsrArtifactChunkEntity c where c.expiresAt < :now", String.class)
                .setParameter("now", now).setMaxResults(DsrConfig.MAX_BATCH).getResultList();
        if (!ids.isEmpty()) {
            em.createQuery("delete from DsrArtifactChunkEntity c where c.id in :ids").setParameter("ids", ids).executeUpdate();
        }
        em.createQuery("update DsrEntity d set d.artifactState = 'expired' where d.artifactState = 'available' "
                + "and d.artifactExpiresAt < :now").setParameter("now", now).executeUpdate();
    }
}
