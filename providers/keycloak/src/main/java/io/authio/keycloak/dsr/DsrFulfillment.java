package io.authio.keycloak.dsr;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.authio.core.api.ApiException;
import io.authio.core.audit.AuditEvent;
import io.authio.core.dsr.DsrStatus;
import io.authio.core.dsr.DsrType;
import io.authio.core.dsr.Evidence;
import io.authio.core.dsr.ExportBundle;
import io.authio.core.net.Cidr;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.store.RealmData;

/**
 * Runs a fulfillment to completion. Every step has a transaction of its own: the claim, each batch of
 * at most {@link DsrConfig#batchSize()} anonymized rows (together with its evidence counts, so a retried
 * run neither misses nor double-counts rows), the account removal and the completion. Nothing here runs
 * on a login's path, and no transaction holds locks for long.
 */
final class DsrFulfillment {

    private static final Logger LOG = Logger.getLogger(DsrFulfillment.class);
    private static final int MAX_BATCHES = 1_000_000;

    private final KeycloakSessionFactory factory;
    private final DsrConfig config;
    private final String realmId;
    private final String dsrId;
    private final Caller caller;

    DsrFulfillment(KeycloakSessionFactory factory, DsrConfig config, String realmId, String dsrId, Caller caller) {
        this.factory = factory;
        this.config = config;
        this.realmId = realmId;
        this.dsrId = dsrId;
        this.caller = caller;
    }

    /** What the claim found: a request to run now, or one that is already complete. */
    record Claim(boolean alreadyCompleted, DsrType type, DataSubject subject) {
    }

    /**
     * Takes the request for this run (row lock): resolves the account by address and records who
     * fulfills it. A completed request is returned as is (fulfill is idempotent); a cancelled one or one
     * another run holds within its lease is a 409.
     */
    Claim claim() {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            EntityManager em = RealmData.em(s);
            DsrEntity d = em.find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
            if (d == null || !d.getRealmId().equals(realmId)) {
                throw ApiException.notFound("no such data-subject request");
            }
            DsrStatus status = DsrStatus.of(d.getStatus());
            DsrType type = DsrType.of(d.getRequestType());
            if (status == DsrStatus.COMPLETED) {
                return new Claim(true, type, null);
            }
            if (status == DsrStatus.CANCELLED) {
                throw ApiException.conflict("the request was cancelled");
            }
            long now = System.currentTimeMillis();
            if (status == DsrStatus.IN_PROGRESS && d.getClaimedAt() != null
                    && d.getClaimedAt() + config.claimLease().toMillis() > now) {
                throw ApiException.conflict("a fulfillment of this request is already running");
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
            if (!evidence.node().has("started_at")) {
                evidence.startedBy(caller.type(), caller.id(), Instant.ofEpochMilli(now));
                evidence.subject(d.getUserEmail(), d.getSubjectUserId() != null);
            }
            d.setEvidence(evidence.toJson());
            d.setStatus(DsrStatus.IN_PROGRESS.value());
            d.setClaimedAt(now);
            d.setUpdatedAt(now);
            return new Claim(false, type, new DataSubject(realmId, d.getSubjectUserId(), d.getUserEmail(), d.getSubjectUsername()));
        });
    }

    /** Gives the request back (a failed export upload): pending again, with the reason in the evidence. */
    void release(String reason) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            bind(s);
            DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
            Evidence evidence = Evidence.parse(d.getEvidence());
            evidence.node().put("last_error", reason);
            d.setEvidence(evidence.toJson());
            d.setStatus(DsrStatus.PENDING.value());
            d.setClaimedAt(null);
            d.setUpdatedAt(System.currentTimeMillis());
            AuditLog.of(s).recordSystem(realmId, "dsr.fulfillment_failed", AuditEvent.Outcome.FAILURE, caller.type(), caller.id(),
                    null, Map.of("dsr_id", dsrId, "request_type", d.getRequestType(), "reason", reason));
        });
    }

    /** Binds a fresh session to the request's realm (Keycloak's user and organization providers expect it). */
    private RealmModel bind(KeycloakSession s) {
        RealmModel realm = s.realms().getRealm(realmId);
        if (realm == null) {
            throw ApiException.notFound("the realm no longer exists");
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

    void deletion(DataSubject subject) {
        List<String> contributors = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::contributorIds);
        for (String id : contributors) {
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                long changed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                    RealmModel realm = bind(s);
                    Map<String, Long> counts = s.getProvider(UserDataContributor.class, id).erase(realm, subject, config.batchSize());
                    long total = counts.values().stream().mapToLong(Long::longValue).sum();
                    if (total > 0) {
                        DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
                        d.setEvidence(Evidence.parse(d.getEvidence()).addAll(counts).toJson());
                        d.setUpdatedAt(System.currentTimeMillis());
                    }
                    return total;
                });
                if (changed == 0) {
                    break;
                }
            }
        }
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            RealmModel realm = bind(s);
            Map<String, Long> counts = subject.hasAccount() ? removeAccount(s, realm, subject.userId()) : Map.of();
            DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
            Evidence evidence = Evidence.parse(d.getEvidence()).addAll(counts);
            boolean accountFound = evidence.node().path("account_found").asBoolean(false);
            evidence.completed(!accountFound && evidence.total() == 0 ? Evidence.OUTCOME_NO_DATA : Evidence.OUTCOME_ERASED, Instant.now());
            evidence.node().remove("last_error");
            // the request no longer names the person: only the digest in the evidence remains (the console row too)
            d.setUserEmail(null);
            d.setSubjectUserId(null);
            d.setSubjectUsername(null);
            complete(s, d, evidence);
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

    private void complete(KeycloakSession s, DsrEntity d, Evidence evidence) {
        long now = System.currentTimeMillis();
        d.setStatus(DsrStatus.COMPLETED.value());
        d.setCompletedAt(now);
        d.setUpdatedAt(now);
        d.setClaimedAt(null);
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

    Bundle buildBundle(DataSubject subject, String realmName) {
        Path file;
        try {
            file = Files.createTempFile("authio-dsr-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            return new Bundle(file, Files.size(file), HexFormat.of().formatHex(sha.digest()), sections);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads the bundle; true when the destination accepted it (the request is then complete). */
    boolean upload(Bundle bundle, URI url, List<Cidr> allowlist, boolean accountFound) {
        ArtifactUpload.Result result = ArtifactUpload.put(url, bundle.file(), allowlist, config.uploadTimeout());
        if (!result.succeeded()) {
            release(result.error());
            return false;
        }
        completeExport(bundle, accountFound, artifact -> {
            artifact.put("delivery", "upload");
            artifact.put("host", url.getHost());
            artifact.put("status", result.status());
        }, null, null);
        return true;
    }

    /** Keeps the bundle for one download within the configured window. */
    void keepForDownload(Bundle bundle, boolean accountFound) {
        long expiresAt = System.currentTimeMillis() + config.artifactTtl().toMillis();
        Artifacts.store(factory, realmId, dsrId, bundle.file(), expiresAt);
        completeExport(bundle, accountFound, artifact -> {
            artifact.put("delivery", "download");
            artifact.put("expires_at", Instant.ofEpochMilli(expiresAt).toString());
        }, "available", expiresAt);
    }

    private void completeExport(Bundle bundle, boolean accountFound, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> artifact,
            String artifactState, Long artifactExpiresAt) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            bind(s);
            DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId, LockModeType.PESSIMISTIC_WRITE);
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
            complete(s, d, evidence);
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
