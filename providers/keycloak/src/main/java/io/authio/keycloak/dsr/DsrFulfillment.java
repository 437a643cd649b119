package io.authio.keycloak.dsr;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.DomainException;
import io.authio.core.audit.AuditEvent;
import io.authio.core.dsr.DsrLifecycle;
import io.authio.core.dsr.DsrStatus;
import io.authio.core.dsr.DsrType;
import io.authio.core.dsr.Evidence;
import io.authio.core.dsr.ExportBundle;
import io.authio.core.id.Hashing;
import io.authio.core.net.Cidr;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.delivery.DestinationStore;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.keys.Secrets;
import io.authio.keycloak.store.RealmData;

/**
 * One run of a request's fulfillment, identified by its run id, the fencing token of its lease. Every step has a
 * transaction of its own that first locks the request's row and checks this run still holds the lease (renewing
 * it): the claim, each batch of at most {@link DsrConfig#batchSize()} anonymized rows together with its evidence
 * counts, the account removal and the completion. A run that lost its lease (it stalled past the lease and another
 * node took over) cannot write another row, so every row is counted exactly once. Nothing here runs on a login's
 * path, and no transaction holds locks for long.
 */
final class DsrFulfillment {

    /** Purpose of the sealed presigned upload URL (bound to the request id). */
    static final String UPLOAD_URL_PURPOSE = "dsr-upload-url";

    private static final Logger LOG = Logger.getLogger(DsrFulfillment.class);
    private static final int MAX_BATCHES = 1_000_000;

    private final KeycloakSessionFactory factory;
    private final DsrConfig config;
    private final String realmId;
    private final String dsrId;
    private final String runId;

    DsrFulfillment(KeycloakSessionFactory factory, DsrConfig config, String realmId, String dsrId) {
        this.factory = factory;
        this.config = config;
        this.realmId = realmId;
        this.dsrId = dsrId;
        this.runId = java.util.UUID.randomUUID().toString();
    }

    String dsrId() {
        return dsrId;
    }

    String runId() {
        return runId;
    }

    enum State {
        /** This run holds the request now. */
        CLAIMED,
        /** Another run holds a live lease. */
        RUNNING,
        /** Nothing left to do. */
        COMPLETED
    }

    /** What the claim found; for {@link State#CLAIMED}, what the run needs. */
    record Claim(State state, DsrType type, DataSubject subject, URI uploadUrl, Caller caller) {
    }

    /** How a run ended. */
    enum Outcome {
        COMPLETED, UPLOAD_FAILED, LEASE_LOST, FAILED
    }

    /** The run lost its lease: another run holds the request now. */
    static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost() {
            super("the lease of this fulfillment run was taken over", null, false, false);
        }
    }

    /**
     * Takes the request for this run on behalf of an API caller (row lock): resolves the account by address,
     * records who fulfills it and keeps the upload URL (sealed). A request another run holds within its lease is
     * {@link State#RUNNING}; one whose lease expired is taken over. A cancelled request is a 409.
     */
    Claim claim(Caller caller, URI uploadUrl) {
        return take(caller, uploadUrl, false);
    }

    /** Takes over a request whose run stopped (the sweep): only an in-progress one whose lease expired. */
    Claim resume() {
        return take(null, null, true);
    }

    private Claim take(Caller caller, URI uploadUrl, boolean resumeOnly) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
            if (d == null || !d.getRealmId().equals(realmId)) {
                throw DomainException.notFound("no such data-subject request");
            }
            DsrStatus status = DsrStatus.of(d.getStatus());
            DsrType type = DsrType.of(d.getRequestType());
            long now = System.currentTimeMillis();
            switch (DsrLifecycle.take(status, d.getClaimedAt(), config.claimLease().toMillis(), now, resumeOnly)) {
                case COMPLETED:
                    return new Claim(State.COMPLETED, type, null, null, null);
                case RUNNING:
                    return new Claim(State.RUNNING, type, null, null, null);
                case CLAIM:
                    break;
            }
            RealmModel realm = bind(s);
            Evidence evidence = Evidence.parse(d.getEvidence());
            if (d.getSubjectUserId() == null && d.getUserEmail() != null) {
                UserModel user = s.users().getUserByEmail(realm, d.getUserEmail());
                if (user != null && user.getServiceAccountClientLink() == null) {
                    d.setSubjectUserId(user.getId());
                    d.setSubjectUsername(user.getUsername());
                }
            }
            if (d.getEmailHmac() == null) {
                // created before keyed digests: key it now (the sweep does the same for requests nobody fulfills)
                SubjectDigests digests = new SubjectDigests(s, realmId);
                d.setEmailHmac(d.getEmailHash() != null ? digests.fromSha256(d.getEmailHash()) : digests.of(d.getUserEmail()));
                d.setEmailHash(null);
            }
            if (!evidence.node().has("started_at")) {
                evidence.startedBy(caller.type(), caller.id(), Instant.ofEpochMilli(now));
                evidence.subject(d.getEmailHmac(), d.getSubjectUserId() != null);
            }
            if (!resumeOnly) {
                d.setUploadUrl(uploadUrl == null ? null : Secrets.of(s).seal(realmId, UPLOAD_URL_PURPOSE, dsrId,
                        uploadUrl.toString().getBytes(StandardCharsets.UTF_8)));
            }
            URI url = d.getUploadUrl() == null ? null
                    : URI.create(new String(Secrets.of(s).open(realmId, UPLOAD_URL_PURPOSE, dsrId, d.getUploadUrl()), StandardCharsets.UTF_8));
            d.setEvidence(evidence.toJson());
            d.setStatus(DsrLifecycle.move(status, DsrStatus.IN_PROGRESS).value());
            d.setLeaseOwner(runId);
            d.setClaimedAt(now);
            d.setUpdatedAt(now);
            JsonCaller by = JsonCaller.of(evidence);
            return new Claim(State.CLAIMED, type, new DataSubject(realmId, d.getSubjectUserId(), d.getUserEmail(), d.getSubjectUsername()),
                    url, caller != null ? caller : new Caller(by.type(), by.id()));
        });
    }

    /** Who started the fulfillment, as the evidence recorded it (a resumed run acts for them). */
    private record JsonCaller(String type, String id) {
        static JsonCaller of(Evidence evidence) {
            var by = evidence.node().path("fulfilled_by");
            return new JsonCaller(by.path("type").asText("system"), by.hasNonNull("id") ? by.get("id").asText() : null);
        }
    }

    /** Gives a claim this node cannot run right away to the sweep (still in progress, no lease): any node picks it up. */
    void handOver() {
        try {
            fenced((s, d) -> {
                d.setLeaseOwner(null);
                d.setClaimedAt(null);
                return null;
            });
        } catch (LeaseLost e) {
            // taken over already
        }
    }

    /** Renews the lease; false when this run no longer holds it. */
    boolean renew() {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> RealmData.em(s).createQuery(
                        "update DsrEntity d set d.claimedAt = :now where d.id = :id and d.leaseOwner = :run and d.status = 'in_progress'")
                .setParameter("now", System.currentTimeMillis()).setParameter("id", dsrId).setParameter("run", runId)
                .executeUpdate()) == 1;
    }

    /** Runs a claimed request to its end. */
    Outcome run(Claim claim) {
        try {
            if (claim.type() == DsrType.DELETION) {
                deletion(claim.subject(), claim.caller());
                return Outcome.COMPLETED;
            }
            String realmName = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> bind(s).getName());
            Bundle bundle = buildBundle(claim.subject(), realmName);
            try {
                if (claim.uploadUrl() != null) {
                    return upload(bundle, claim.uploadUrl(), claim.subject().hasAccount(), claim.caller()) ? Outcome.COMPLETED : Outcome.UPLOAD_FAILED;
                }
                keepForDownload(bundle, claim.subject().hasAccount(), claim.caller());
                return Outcome.COMPLETED;
            } finally {
                deleteQuietly(bundle.file());
            }
        } catch (LeaseLost e) {
            LOG.infof("DSR %s: run %s stopped, another run took the request over", dsrId, runId);
            return Outcome.LEASE_LOST;
        } catch (RuntimeException e) {
            LOG.warnf(e, "DSR %s: run %s failed", dsrId, runId);
            failed(e, claim.caller());
            return Outcome.FAILED;
        }
    }

    /**
     * Records a failed run: the lease stays (so the sweep retries after it expires, not at once), and after
     * {@link DsrConfig#maxAttempts()} failures the request is pending again with the error.
     */
    private void failed(RuntimeException error, Caller caller) {
        try {
            fenced((s, d) -> {
                Evidence evidence = Evidence.parse(d.getEvidence());
                int attempts = evidence.node().path("failed_attempts").asInt(0) + 1;
                String reason = error.getClass().getSimpleName();
                evidence.node().put("failed_attempts", attempts);
                evidence.node().put("last_error", "the fulfillment failed (" + reason + "); it is retried");
                d.setLeaseOwner(null);
                if (DsrLifecycle.afterFailure(attempts, config.maxAttempts()) == DsrStatus.PENDING) {
                    evidence.node().put("last_error", "the fulfillment failed " + attempts + " times (" + reason + "); fulfill it again");
                    d.setStatus(DsrLifecycle.move(DsrStatus.IN_PROGRESS, DsrStatus.PENDING).value());
                    d.setClaimedAt(null);
                    AuditLog.of(s).recordSystem(realmId, "dsr.fulfillment_failed", AuditEvent.Outcome.FAILURE, caller.type(), caller.id(),
                            null, Map.of("dsr_id", dsrId, "request_type", d.getRequestType(), "reason", reason));
                }
                d.setEvidence(evidence.toJson());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("DSR %s: could not record the failure of run %s: %s", dsrId, runId, e.getMessage());
        }
    }

    /**
     * A transaction of this run: the request's row locked, the lease checked (and renewed) first. Throws
     * {@link LeaseLost} — rolling back whatever the work wrote — when another run holds it now.
     */
    private <T> T fenced(BiFunction<KeycloakSession, DsrEntity, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            bind(s);
            DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
            if (d == null || !DsrLifecycle.held(DsrStatus.of(d.getStatus()), d.getLeaseOwner(), runId)) {
                throw new LeaseLost();
            }
            long now = System.currentTimeMillis();
            d.setClaimedAt(now);
            d.setUpdatedAt(now);
            return work.apply(s, d);
        });
    }

    /** Gives the request back (a failed export upload): pending again, with the reason in the evidence. */
    private void release(String reason, Caller caller) {
        fenced((s, d) -> {
            Evidence evidence = Evidence.parse(d.getEvidence());
            evidence.node().put("last_error", reason);
            d.setEvidence(evidence.toJson());
            d.setStatus(DsrLifecycle.move(DsrStatus.IN_PROGRESS, DsrStatus.PENDING).value());
            d.setClaimedAt(null);
            d.setLeaseOwner(null);
            d.setUploadUrl(null);
            d.setUpdatedAt(System.currentTimeMillis());
            AuditLog.of(s).recordSystem(realmId, "dsr.fulfillment_failed", AuditEvent.Outcome.FAILURE, caller.type(), caller.id(),
                    null, Map.of("dsr_id", dsrId, "request_type", d.getRequestType(), "reason", reason));
            return null;
        });
    }

    /** Binds a fresh session to the request's realm (Keycloak's user and organization providers expect it). */
    private RealmModel bind(KeycloakSession s) {
        RealmModel realm = s.realms().getRealm(realmId);
        if (realm == null) {
            throw DomainException.notFound("the realm no longer exists");
        }
        s.getContext().setRealm(realm);
        return realm;
    }

    private List<String> contributorIds(KeycloakSession s) {
        return s.getKeycloakSessionFactory().getProviderFactoriesStream(UserDataContributor.class)
                .map(f -> (UserDataContributorFactory) f)
                .sorted(Comparator.comparingInt(UserDataContributorFactory::order).thenComparing(UserDataContributorFactory::getId))
                .map(UserDataContributorFactory::getId)
                .toList();
    }

    // ---------------------------------------------------------------- deletion

    private void deletion(DataSubject subject, Caller caller) {
        List<String> contributors = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::contributorIds);
        for (String id : contributors) {
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                long changed = fenced((s, d) -> {
                    Map<String, Long> counts = s.getProvider(UserDataContributor.class, id).erase(s.getContext().getRealm(), subject,
                            config.batchSize());
                    long total = counts.values().stream().mapToLong(Long::longValue).sum();
                    if (total > 0) {
                        // the contributor may have emptied the persistence context: write the evidence on a fresh read
                        DsrEntity locked = RealmData.em(s).find(DsrEntity.class, dsrId);
                        locked.setEvidence(Evidence.parse(locked.getEvidence()).addAll(counts).toJson());
                    }
                    return total;
                });
                if (changed == 0) {
                    break;
                }
            }
        }
        fenced((s, d) -> {
            RealmModel realm = s.getContext().getRealm();
            Map<String, Long> counts = subject.hasAccount() ? removeAccount(s, realm, subject.userId()) : Map.of();
            DsrEntity locked = RealmData.em(s).find(DsrEntity.class, dsrId);
            Evidence evidence = Evidence.parse(locked.getEvidence()).addAll(counts);
            boolean accountFound = evidence.node().path("account_found").asBoolean(false);
            evidence.completed(!accountFound && evidence.total() == 0 ? Evidence.OUTCOME_NO_DATA : Evidence.OUTCOME_ERASED, Instant.now());
            evidence.node().remove("last_error");
            // the request no longer names the person: only the keyed digest remains (the console row too)
            locked.setUserEmail(null);
            locked.setSubjectUserId(null);
            locked.setSubjectUsername(null);
            complete(s, locked, evidence, caller);
            return null;
        });
    }

    /** Removes the account with Keycloak's UserManager (credentials, identities, consents, memberships go with it). */
    private static Map<String, Long> removeAccount(KeycloakSession s, RealmModel realm, String userId) {
        UserModel user = s.users().getUserById(realm, userId);
        Map<String, Long> counts = new LinkedHashMap<>();
        if (user == null) {
            return counts; // removed by an earlier run that stopped before completing
        }
        counts.put("USER_ENTITY", 1L);
        counts.put("CREDENTIAL", user.credentialManager().getStoredCredentialsStream().count());
        counts.put("FEDERATED_IDENTITY", s.users().getFederatedIdentitiesStream(realm, user).count());
        counts.put("USER_CONSENT", s.users().getConsentsStream(realm, userId).count());
        counts.put("USER_GROUP_MEMBERSHIP", user.getGroupsStream().count());
        counts.put("USER_ROLE_MAPPING", user.getRoleMappingsStream().count());
        counts.put("USER_ATTRIBUTE", user.getAttributes().entrySet().stream()
                .filter(e -> !List.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME,
                        UserModel.EMAIL_VERIFIED, UserModel.ENABLED, UserModel.CREATED_TIMESTAMP).contains(e.getKey()))
                .mapToLong(e -> e.getValue().size()).sum());
        var online = s.sessions().getUserSessionsStream(realm, user).toList();
        var offline = s.sessions().getOfflineUserSessionsStream(realm, user).toList();
        counts.put("USER_SESSION", (long) online.size());
        counts.put("OFFLINE_USER_SESSION", (long) offline.size());
        offline.forEach(us -> s.sessions().removeOfflineUserSession(realm, us));
        online.forEach(us -> s.sessions().removeUserSession(realm, us));
        s.loginFailures().removeUserLoginFailure(realm, userId);
        if (!new UserManager(s).removeUser(realm, user)) {
            throw new IllegalStateException("Keycloak refused to remove the account");
        }
        return counts;
    }

    private void complete(KeycloakSession s, DsrEntity d, Evidence evidence, Caller caller) {
        long now = System.currentTimeMillis();
        d.setStatus(DsrLifecycle.move(DsrStatus.of(d.getStatus()), DsrStatus.COMPLETED).value());
        d.setCompletedAt(now);
        d.setUpdatedAt(now);
        d.setClaimedAt(null);
        d.setLeaseOwner(null);
        d.setUploadUrl(null);
        evidence.node().remove("failed_attempts");
        d.setEvidence(evidence.toJson());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dsr_id", d.getId());
        metadata.put("request_type", d.getRequestType());
        metadata.put("outcome", evidence.node().path("outcome").asText());
        metadata.put("rows", Long.toString(evidence.total()));
        AuditLog.of(s).recordSystem(realmId, "dsr.fulfilled", AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(), null, metadata);
    }

    // ---------------------------------------------------------------- export

    /** The bundle written to a temporary file, its size and digest, and the rows per section. */
    record Bundle(Path file, long bytes, String sha256, Map<String, Long> sections) {
    }

    private Bundle buildBundle(DataSubject subject, String realmName) {
        Path file;
        try {
            file = Files.createTempFile("authio-dsr-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MessageDigest sha = Hashing.sha256();
        Map<String, Long> sections;
        try (OutputStream out = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha), 64 * 1024);
                ExportBundle bundle = new ExportBundle(out)) {
            sections = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmModel realm = bind(s);
                List<String> ids = contributorIds(s);
                Map<String, UserDataContributor> contributors = new LinkedHashMap<>();
                ids.forEach(id -> contributors.put(id, s.getProvider(UserDataContributor.class, id)));
                return bundle.write(dsrId, realmName, Instant.now(), subject.hasAccount(), (section, rows) -> {
                    for (UserDataContributor c : contributors.values()) {
                        if (c.sections().contains(section)) {
                            c.export(realm, subject, section, rows);
                        }
                    }
                });
            });
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        try {
            return new Bundle(file, Files.size(file), Hashing.hex(sha.digest()), sections);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads the bundle; true when the destination accepted it (the request is then complete). */
    private boolean upload(Bundle bundle, URI url, boolean accountFound, Caller caller) {
        List<Cidr> allowlist = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> new DestinationStore(s).allowlist(realmId));
        ArtifactUpload.Result result = ArtifactUpload.put(url, bundle.file(), allowlist, config.uploadTimeout());
        if (!result.succeeded()) {
            release(result.error(), caller);
            return false;
        }
        completeExport(bundle, accountFound, caller, artifact -> {
            artifact.put("delivery", "upload");
            artifact.put("host", url.getHost());
            artifact.put("status", result.status());
        }, null, null);
        return true;
    }

    /** Keeps the bundle for one download within the configured window. */
    private void keepForDownload(Bundle bundle, boolean accountFound, Caller caller) {
        long expiresAt = System.currentTimeMillis() + config.artifactTtl().toMillis();
        fenced((s, d) -> null); // still this run's: do not replace another run's stored bundle
        Artifacts.store(factory, realmId, dsrId, bundle.file(), expiresAt);
        completeExport(bundle, accountFound, caller, artifact -> {
            artifact.put("delivery", "download");
            artifact.put("expires_at", Instant.ofEpochMilli(expiresAt).toString());
        }, "available", expiresAt);
    }

    private void completeExport(Bundle bundle, boolean accountFound, Caller caller, Consumer<ObjectNode> artifact, String artifactState,
            Long artifactExpiresAt) {
        fenced((s, d) -> {
            Evidence evidence = Evidence.parse(d.getEvidence());
            bundle.sections().forEach(evidence::section);
            var a = evidence.artifact();
            a.put("bytes", bundle.bytes());
            a.put("sha256", bundle.sha256());
            artifact.accept(a);
            evidence.node().remove("last_error");
            evidence.completed(accountFound ? Evidence.OUTCOME_EXPORTED : Evidence.OUTCOME_NO_DATA, Instant.now());
            d.setArtifactState(artifactState == null ? "uploaded" : artifactState);
            d.setArtifactExpiresAt(artifactExpiresAt);
            complete(s, d, evidence, caller);
            return null;
        });
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s", file);
        }
    }
}
