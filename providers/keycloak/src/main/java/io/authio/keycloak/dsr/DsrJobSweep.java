package io.authio.keycloak.dsr;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import io.authio.core.dsr.Evidence;
import io.authio.keycloak.store.RealmData;

/**
 * Resumes fulfillments whose run stopped (its node crashed or was stopped): once per interval in the cluster
 * (cluster lock), the in-progress requests whose lease expired are taken over, as many as this node has free slots.
 * The takeover itself is a row lock and a new lease owner, so two sweeps racing still start one run. Also keys, in
 * small batches, the address digests stored unkeyed before 0.2.
 */
final class DsrJobSweep {

    static final String NAME = "authio-dsr-jobs";
    private static final Logger LOG = Logger.getLogger(DsrJobSweep.class);
    private static final int LEGACY_BATCH = 100;

    private final DsrConfig config;
    private final DsrJobs jobs;

    DsrJobSweep(DsrConfig config, DsrJobs jobs) {
        this.config = config;
        this.jobs = jobs;
    }

    /** One sweep, in the transaction of {@code session}. */
    void sweep(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        int free = jobs.free();
        if (free > 0) {
            List<Object[]> stopped = RealmData.em(session).createQuery("select d.id, d.realmId from DsrEntity d where d.status = 'in_progress' "
                            + "and (d.claimedAt is null or d.claimedAt < :expired) order by d.claimedAt", Object[].class)
                    .setParameter("expired", System.currentTimeMillis() - config.claimLease().toMillis())
                    .setMaxResults(free).getResultList();
            for (Object[] row : stopped) {
                DsrFulfillment run = new DsrFulfillment(factory, config, (String) row[1], (String) row[0]);
                try {
                    DsrFulfillment.Claim claim = run.resume();
                    if (claim.state() == DsrFulfillment.State.CLAIMED) {
                        LOG.infof("DSR %s: resuming a run whose lease expired (run %s)", run.dsrId(), run.runId());
                        jobs.start(factory, run, claim);
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("DSR %s: could not resume, will retry: %s", run.dsrId(), e.getMessage());
                }
            }
        }
        keyLegacyDigests(session);
    }

    /** Digests stored as a plain SHA-256 (before 0.2) become keyed, in the row and in the evidence. */
    private static void keyLegacyDigests(KeycloakSession session) {
        try {
            List<DsrEntity> legacy = RealmData.em(session).createQuery("select d from DsrEntity d where d.emailHash is not null", DsrEntity.class)
                    .setMaxResults(LEGACY_BATCH).getResultList();
            for (DsrEntity d : legacy) {
                String keyed = new SubjectDigests(session, d.getRealmId()).fromSha256(d.getEmailHash());
                d.setEmailHmac(keyed);
                d.setEmailHash(null);
                if (d.getEvidence() != null) {
                    Evidence evidence = Evidence.parse(d.getEvidence());
                    if (evidence.node().has(Evidence.LEGACY_SUBJECT_DIGEST)) {
                        evidence.node().remove(Evidence.LEGACY_SUBJECT_DIGEST);
                        evidence.node().put(Evidence.SUBJECT_DIGEST, keyed);
                        d.setEvidence(evidence.toJson());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("DSR: keying stored address digests failed, will retry: %s", e.getMessage());
        }
    }
}
