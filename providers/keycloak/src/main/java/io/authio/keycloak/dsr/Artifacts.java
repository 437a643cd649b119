package io.authio.keycloak.dsr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.keycloak.store.RealmData;

/**
 * Export bundles kept for a one-time download, stored as binary chunks of at most 1 MiB in AUTHIO_DSR_ARTIFACT
 * (BYTEA on PostgreSQL, a BLOB type elsewhere): writing and reading hold one chunk in memory at a time, whatever
 * the bundle's size. Chunks are written and read through JDBC ({@code setBytes}/{@code getBytes}), which every
 * database maps the same way, whatever Java type its driver gives a BLOB column.
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
                KeycloakModelUtils.runJobInTransaction(factory, s -> jdbc(s, "insert into AUTHIO_DSR_ARTIFACT "
                        + "(ID, REALM_ID, DSR_ID, SEQ, EXPIRES_AT, CONTENT) values (?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, dsrId + ":" + n);
                            ps.setString(2, realmId);
                            ps.setString(3, dsrId);
                            ps.setInt(4, n);
                            ps.setLong(5, expiresAt);
                            ps.setBytes(6, chunk);
                            return ps.executeUpdate();
                        }));
                seq++;
                if (chunk.length < CHUNK) {
                    return seq;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One chunk in a short transaction of its own; null past the last one. */
    static byte[] chunk(KeycloakSessionFactory factory, String dsrId, int seq) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> jdbc(s,
                "select CONTENT from AUTHIO_DSR_ARTIFACT where DSR_ID = ? and SEQ = ?", ps -> {
                    ps.setString(1, dsrId);
                    ps.setInt(2, seq);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }));
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
        // a download still running at expiry ends with the bundle gone (its next chunk is missing)
        em.createQuery("update DsrEntity d set d.artifactState = 'expired' where d.artifactState in ('available', 'downloading') "
                + "and d.artifactExpiresAt < :now").setParameter("now", now).executeUpdate();
    }

    private interface Work<T> {
        T run(PreparedStatement ps) throws java.sql.SQLException;
    }

    private static <T> T jdbc(KeycloakSession s, String sql, Work<T> work) {
        return RealmData.em(s).unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                return work.run(ps);
            }
        });
    }
}
