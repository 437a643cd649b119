package io.authio.keycloak.dsr;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.DomainException;
import io.authio.core.audit.AuditEvent;
import io.authio.core.dsr.Evidence;
import io.authio.core.id.Hashing;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.http.ResponseChannel;
import io.authio.keycloak.store.RealmData;

/**
 * One download of a kept export bundle. The bundle is taken under a lease (state {@code downloading}), streamed,
 * and marked {@code downloaded} (its chunks deleted) only once every byte was written to the client and matched
 * the size and SHA-256 recorded when it was built. A failure on the way (the client went away, the database
 * failed, a chunk is missing or altered) gives the bundle back ({@code available}) and is audited as
 * {@code dsr.artifact.download_failed}; the response is then aborted, never ended as if complete. The lease is
 * renewed with every chunk, so only a transfer that stalls for a whole lease can be taken over by another call;
 * a node that dies mid-transfer leaves a bundle that is downloadable again once the lease ends.
 */
final class ArtifactDownload {

    private static final Logger LOG = Logger.getLogger(ArtifactDownload.class);

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String dsrId;
    private final Caller caller;
    private final long bytes;
    private final String sha256;
    private long lease;

    private ArtifactDownload(KeycloakSessionFactory factory, String realmId, String dsrId, Caller caller, long bytes, String sha256,
            long lease) {
        this.factory = factory;
        this.realmId = realmId;
        this.dsrId = dsrId;
        this.caller = caller;
        this.bytes = bytes;
        this.sha256 = sha256;
        this.lease = lease;
    }

    /**
     * Takes the request's bundle for this download: 410 when there is none (downloaded, expired, uploaded,
     * never built), 409 while another download holds it.
     */
    static ArtifactDownload take(KeycloakSessionFactory factory, String realmId, String dsrId, Caller caller, Duration leaseLength) {
        long now = System.currentTimeMillis();
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            EntityManager em = RealmData.em(s);
            int taken = em.createQuery("update DsrEntity d set d.artifactState = 'downloading', d.updatedAt = :now "
                            + "where d.id = :id and d.realmId = :realmId and d.artifactExpiresAt > :now and (d.artifactState = 'available' "
                            + "or (d.artifactState = 'downloading' and d.updatedAt < :leaseEnded))")
                    .setParameter("now", now).setParameter("id", dsrId).setParameter("realmId", realmId)
                    .setParameter("leaseEnded", now - leaseLength.toMillis())
                    .executeUpdate();
            DsrEntity d = em.find(DsrEntity.class, dsrId);
            if (taken != 1) {
                if (d != null && "downloading".equals(d.getArtifactState())) {
                    throw new DomainException(DomainException.Kind.CONFLICT, "artifact_busy", "a download of this export bundle is in progress; "
                            + "if it fails, the bundle is available again");
                }
                throw new DomainException(DomainException.Kind.GONE, "artifact_gone",
                        "no export bundle is available: it was downloaded already, expired, uploaded, or never built");
            }
            var artifact = Evidence.parse(d.getEvidence()).artifact();
            return new ArtifactDownload(factory, realmId, dsrId, caller, artifact.path("bytes").asLong(-1),
                    artifact.path("sha256").asText(null), now);
        });
    }

    /** The bundle's size, recorded when it was built (the response's Content-Length). */
    long bytes() {
        return bytes;
    }

    /**
     * Streams the bundle, then records the outcome; rethrows a failure so the response is aborted. The connection is
     * asked before every chunk and after the last: the HTTP server drops writes to a closed connection silently.
     */
    void streamTo(OutputStream out, ResponseChannel channel) throws IOException {
        long sent = 0;
        try {
            MessageDigest digest = Hashing.sha256();
            for (int seq = 0;; seq++) {
                byte[] chunk = Artifacts.chunk(factory, dsrId, seq);
                if (chunk == null) {
                    break;
                }
                digest.update(chunk);
                if (sent + chunk.length >= bytes && !Hashing.hex(digest.digest()).equals(sha256)) {
                    // checked before the last bytes go out: a damaged bundle never arrives looking complete
                    throw new IOException("the stored bundle does not match its recorded size and SHA-256");
                }
                renewLease();
                channel.requireOpen();
                out.write(chunk);
                sent += chunk.length;
            }
            if (sent != bytes) {
                throw new IOException("the stored bundle ends after " + sent + " of " + bytes + " bytes");
            }
            out.flush();
            channel.awaitSent();
        } catch (IOException | RuntimeException e) {
            String reason = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " (" + sent + " of " + bytes
                    + " bytes sent)";
            giveBack(reason);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(reason, e);
        }
        finish(sent);
    }

    /** Pushes the lease forward; fails when another download took the bundle over after this one stalled. */
    private void renewLease() throws IOException {
        long now = System.currentTimeMillis();
        int renewed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> RealmData.em(s).createQuery(
                        "update DsrEntity d set d.updatedAt = :now where d.id = :id and d.artifactState = 'downloading' and d.updatedAt = :lease")
                .setParameter("now", now).setParameter("id", dsrId).setParameter("lease", lease).executeUpdate());
        if (renewed != 1) {
            throw new IOException("the download lost its lease (it stalled and another download took the bundle, or the bundle expired)");
        }
        lease = now;
    }

    private void finish(long sent) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            int done = RealmData.em(s).createQuery("update DsrEntity d set d.artifactState = 'downloaded', d.updatedAt = :now "
                            + "where d.id = :id and d.artifactState = 'downloading' and d.updatedAt = :lease")
                    .setParameter("now", System.currentTimeMillis()).setParameter("id", dsrId).setParameter("lease", lease)
                    .executeUpdate();
            if (done == 1) {
                Artifacts.delete(s, dsrId);
            }
            audit(s, "dsr.artifact.downloaded", AuditEvent.Outcome.SUCCESS, Map.of("bytes", String.valueOf(sent)));
        });
    }

    private void giveBack(String reason) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmData.em(s).createQuery("update DsrEntity d set d.artifactState = 'available', d.updatedAt = :now "
                                + "where d.id = :id and d.artifactState = 'downloading' and d.updatedAt = :lease")
                        .setParameter("now", System.currentTimeMillis()).setParameter("id", dsrId).setParameter("lease", lease)
                        .executeUpdate();
                audit(s, "dsr.artifact.download_failed", AuditEvent.Outcome.FAILURE, Map.of("reason", reason));
            });
        } catch (RuntimeException e) {
            // the lease ends on its own: the bundle becomes downloadable again then
            LOG.warnf("Could not give back the export bundle of %s after a failed download (%s): %s", dsrId, reason, e.getMessage());
        }
    }

    private void audit(KeycloakSession s, String type, AuditEvent.Outcome outcome, Map<String, String> details) {
        s.getContext().setRealm(s.realms().getRealm(realmId));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dsr_id", dsrId);
        metadata.putAll(details);
        AuditLog.of(s).recordSystem(realmId, type, outcome, caller.type(), caller.id(), null, metadata);
    }
}
