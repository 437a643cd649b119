package io.authio.keycloak.dsr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.Cursor;
import io.authio.core.api.Page;
import io.authio.core.audit.AuditEvent;
import io.authio.core.dsr.DsrId;
import io.authio.core.dsr.DsrRequests;
import io.authio.core.dsr.DsrLifecycle;
import io.authio.core.dsr.DsrStatus;
import io.authio.core.dsr.DsrType;
import io.authio.core.json.Json;
import io.authio.core.net.DestinationGuard;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.delivery.DestinationStore;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.http.ResponseChannel;
import io.authio.keycloak.keys.KekUnavailableException;
import io.authio.keycloak.store.RealmData;

/**
 * {@code /admin/realms/{realm}/authio/compliance/dsr}: data-subject requests. Reading needs the realm's
 * view-users permission, acting manage-users; an API key needs the {@code dsr} scope (and its service
 * account those roles). Bodies are read whatever their declared content type, so the documented curl
 * calls without a Content-Type header work as written. Every action is audited without personal data.
 */
public class DsrResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;
    private final DsrConfig config;

    public DsrResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
        DsrService service = session.getProvider(DsrService.class);
        this.config = service == null ? DsrConfig.DEFAULTS : service.config();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DsrRequests.Create c = DsrRequests.create(body);
            long now = System.currentTimeMillis();
            DsrEntity d = new DsrEntity();
            d.setId(DsrId.next());
            d.setRealmId(realm.getId());
            d.setRequestType(c.type().value());
            d.setStatus(DsrStatus.PENDING.value());
            d.setUserEmail(c.userEmail());
            d.setEmailHmac(digest(c.userEmail()));
            d.setNotes(c.notes());
            d.setCreatedAt(now);
            d.setDueAt(c.dueAt(java.time.Instant.ofEpochMilli(now)).toEpochMilli());
            d.setUpdatedAt(now);
            d.setCreatedByType(caller.type());
            d.setCreatedById(caller.id());
            RealmData.em(session).persist(d);
            audit("dsr.created", caller, d);
            return Api.status(201, DsrViews.view(d));
        });
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("status") String status, @QueryParam("type") String type,
            @QueryParam("overdue") String overdue, @QueryParam("user_email") String userEmail, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Api.run(session, () -> {
            Caller caller = requireView();
            DsrRequests.ListQuery q = DsrRequests.list(status, type, overdue, userEmail, limit, cursor);
            StringBuilder jpql = new StringBuilder("select d from DsrEntity d where d.realmId = :realmId");
            if (q.userEmail() != null) {
                jpql.append(" and d.emailHmac = :digest"); // also completed deletions, whose address is gone
            }
            if (q.status() != null) {
                jpql.append(" and d.status = :status");
            }
            if (q.type() != null) {
                jpql.append(" and d.requestType = :type");
            }
            if (Boolean.TRUE.equals(q.overdue())) {
                jpql.append(" and d.status in ('pending', 'in_progress') and d.dueAt < :now");
            } else if (Boolean.FALSE.equals(q.overdue())) {
                jpql.append(" and not (d.status in ('pending', 'in_progress') and d.dueAt < :now)");
            }
            jpql.append(q.page().keysetCondition("d.createdAt", "d.id"));
            jpql.append(" order by d.createdAt desc, d.id desc");
            TypedQuery<DsrEntity> query = RealmData.em(session).createQuery(jpql.toString(), DsrEntity.class)
                    .setParameter("realmId", realm.getId());
            if (q.userEmail() != null) {
                query.setParameter("digest", digest(q.userEmail()));
            }
            if (q.status() != null) {
                query.setParameter("status", q.status().value());
            }
            if (q.type() != null) {
                query.setParameter("type", q.type().value());
            }
            if (q.overdue() != null) {
                query.setParameter("now", System.currentTimeMillis());
            }
            // cursors carry the bare UUID of the last row: the dsr_ prefix is not part of the sort key
            q.page().parameters(id -> DsrId.PREFIX + id).forEach(query::setParameter);
            Page<DsrEntity> page = q.page().page(query.setMaxResults(q.page().fetchSize()).getResultList(),
                    d -> new Cursor(d.getCreatedAt(), d.getId().substring(DsrId.PREFIX.length())));
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("results", Integer.toString(page.rows().size()));
            AuditLog.of(session).recordSystem(realm.getId(), "dsr.listed", AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(), null, metadata);
            return Api.ok(page.body(DsrViews::view));
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return Api.run(session, () -> {
            Caller caller = requireView();
            DsrEntity d = find(id);
            audit("dsr.viewed", caller, d);
            return Api.ok(DsrViews.view(d));
        });
    }

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("id") String id, String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DsrRequests.empty(body);
            DsrEntity d = find(id);
            RealmData.em(session).lock(d, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            RealmData.em(session).refresh(d);
            DsrStatus status = DsrStatus.of(d.getStatus());
            if (!DsrLifecycle.cancel(status)) {
                return Api.ok(DsrViews.view(d));
            }
            long now = System.currentTimeMillis();
            d.setStatus(DsrLifecycle.move(status, DsrStatus.CANCELLED).value());
            d.setCancelledAt(now);
            d.setUpdatedAt(now);
            audit("dsr.cancelled", caller, d);
            return Api.ok(DsrViews.view(d));
        });
    }

    /**
     * Starts the fulfillment as a background run (or joins the one in progress) and waits a little for it: 200 with
     * the completed request when it ends in time, 202 with the request {@code in_progress} otherwise (poll
     * {@code GET}). {@code Prefer: respond-async} answers 202 at once, {@code Prefer: wait=N} waits at most N seconds.
     */
    @POST
    @Path("{id}/fulfill")
    @Produces(MediaType.APPLICATION_JSON)
    public Response fulfill(@PathParam("id") String id, String body, @HeaderParam("Prefer") String prefer) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            String dsrId = DsrId.parse(id);
            DsrRequests.Fulfill input = DsrRequests.fulfill(body);
            DsrEntity existing = find(dsrId);
            if (input.outputArtifactUrl() != null) {
                if (!DsrType.EXPORT.value().equals(existing.getRequestType())) {
                    throw DomainException.invalid("output_artifact_url applies to export requests only");
                }
                try {
                    ArtifactUpload.check(input.outputArtifactUrl(), new DestinationStore(session).allowlist(realm.getId()));
                } catch (DestinationGuard.RefusedDestination e) {
                    throw DomainException.invalid("output_artifact_url is refused: " + e.getMessage());
                }
            }
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            DsrFulfillment run = new DsrFulfillment(factory, config, realm.getId(), dsrId);
            DsrFulfillment.Claim claim;
            try {
                claim = run.claim(caller, input.outputArtifactUrl());
            } catch (KekUnavailableException e) {
                throw new DomainException(DomainException.Kind.UNAVAILABLE, "kek_unavailable", e.getMessage());
            }
            long waitMillis = DsrRequests.preferredWait(prefer, config.fulfillWait().toMillis());
            DsrFulfillment.Outcome outcome = null;
            if (claim.state() == DsrFulfillment.State.CLAIMED) {
                DsrService service = session.getProvider(DsrService.class);
                CompletableFuture<DsrFulfillment.Outcome> running = service == null ? null : service.jobs().start(factory, run, claim);
                if (running == null) {
                    run.handOver(); // no free slot here: the next sweep starts it where there is one
                    awaitCompletion(factory, dsrId, waitMillis);
                } else {
                    outcome = await(running, waitMillis);
                }
            } else if (claim.state() == DsrFulfillment.State.RUNNING) {
                awaitCompletion(factory, dsrId, waitMillis);
            }
            if (outcome == DsrFulfillment.Outcome.UPLOAD_FAILED) {
                throw new DomainException(DomainException.Kind.UPSTREAM_FAILED, "upload_failed",
                        "the export bundle could not be uploaded to output_artifact_url; the request is pending again");
            }
            // read in a transaction of its own: the run committed in others, which this request's transaction may not
            // see (MariaDB's and MySQL's default REPEATABLE READ keeps its first snapshot)
            DsrEntity d = RealmData.committed(session, s -> RealmData.em(s).find(DsrEntity.class, dsrId));
            if (DsrStatus.COMPLETED.value().equals(d.getStatus())) {
                return Api.ok(DsrViews.view(d));
            }
            String self = session.getContext().getUri().getAbsolutePath().toString();
            Response.ResponseBuilder accepted = Response.status(202).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(DsrViews.view(d)))
                    .header("Location", self.substring(0, self.lastIndexOf("/fulfill")))
                    .header("Retry-After", "2");
            if (waitMillis == 0) {
                accepted.header("Preference-Applied", "respond-async");
            }
            return accepted.build();
        });
    }

    private static DsrFulfillment.Outcome await(CompletableFuture<DsrFulfillment.Outcome> running, long waitMillis) {
        try {
            return waitMillis <= 0 ? running.getNow(null) : running.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return DsrFulfillment.Outcome.FAILED;
        }
    }

    /** Another run holds the request: waits (polling its row) until it completes or the wait is over. */
    private void awaitCompletion(KeycloakSessionFactory factory, String dsrId, long waitMillis) {
        long until = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < until) {
            String status = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                DsrEntity d = RealmData.em(s).find(DsrEntity.class, dsrId);
                return d == null ? null : d.getStatus();
            });
            if (!DsrLifecycle.running(DsrStatus.of(status))) {
                return;
            }
            try {
                Thread.sleep(Math.min(250, Math.max(1, until - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @GET
    @Path("{id}/artifact")
    @Produces(MediaType.APPLICATION_JSON)
    public Response artifact(@PathParam("id") String id) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DsrEntity d = find(id);
            ArtifactDownload download = ArtifactDownload.take(session.getKeycloakSessionFactory(), realm.getId(), d.getId(), caller,
                    config.claimLease());
            String dsrId = d.getId();
            ResponseChannel channel = ResponseChannel.current();
            StreamingOutput stream = out -> download.streamTo(out, channel);
            return Response.ok(stream, MediaType.APPLICATION_JSON_TYPE)
                    .header("Content-Length", download.bytes())
                    .header("Content-Disposition", "attachment; filename=\"" + dsrId + ".json\"")
                    .header("Cache-Control", "no-store")
                    .build();
        });
    }

    // ---------------------------------------------------------------- helpers

    /** The keyed digest of an address in this realm (503 when the KEK cannot open the realm's key). */
    private String digest(String normalizedEmail) {
        try {
            return new SubjectDigests(session, realm.getId()).of(normalizedEmail);
        } catch (KekUnavailableException e) {
            throw new DomainException(DomainException.Kind.UNAVAILABLE, "kek_unavailable", e.getMessage());
        }
    }

    private DsrEntity find(String id) {
        String dsrId = DsrId.parse(id);
        DsrEntity d = RealmData.em(session).find(DsrEntity.class, dsrId);
        if (d == null || !d.getRealmId().equals(realm.getId())) {
            throw DomainException.notFound("no such data-subject request");
        }
        return d;
    }

    private Caller requireManage() {
        access.requireScope("dsr");
        return access.require("acting on data-subject requests", Permission.MANAGE_USERS);
    }

    private Caller requireView() {
        access.requireScope("dsr");
        return access.require("reading data-subject requests", Permission.VIEW_USERS);
    }

    private void audit(String type, Caller caller, DsrEntity d) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dsr_id", d.getId());
        metadata.put("request_type", d.getRequestType());
        metadata.put("status", d.getStatus());
        AuditLog.of(session).recordSystem(realm.getId(), type, AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(), null, metadata);
    }
}
