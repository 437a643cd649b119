package io.authio.keycloak.dsr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
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

import io.authio.core.api.ApiException;
import io.authio.core.api.Cursor;
import io.authio.core.audit.AuditEvent;
import io.authio.core.dsr.DsrId;
import io.authio.core.dsr.DsrRequests;
import io.authio.core.dsr.DsrStatus;
import io.authio.core.dsr.DsrType;
import io.authio.core.dsr.Evidence;
import io.authio.core.net.Cidr;
import io.authio.core.net.DestinationGuard;
import io.authio.keycloak.apikey.ApiKeyPrincipal;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.delivery.DestinationStore;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.ratelimit.ApiRateLimit;
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
    private final AdminPermissionEvaluator auth;
    private final DsrConfig config;

    public DsrResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
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
            d.setEmailHash(Evidence.sha256(c.userEmail()));
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
            @QueryParam("overdue") String overdue, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Api.run(session, () -> {
            Caller caller = requireView();
            DsrRequests.ListQuery q = DsrRequests.list(status, type, overdue, limit, cursor);
            StringBuilder jpql = new StringBuilder("select d from DsrEntity d where d.realmId = :realmId");
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
            if (q.cursor() != null) {
                jpql.append(" and (d.createdAt < :cursorAt or (d.createdAt = :cursorAt and d.id < :cursorId))");
            }
            jpql.append(" order by d.createdAt desc, d.id desc");
            TypedQuery<DsrEntity> query = RealmData.em(session).createQuery(jpql.toString(), DsrEntity.class)
                    .setParameter("realmId", realm.getId());
            if (q.status() != null) {
                query.setParameter("status", q.status().value());
            }
            if (q.type() != null) {
                query.setParameter("type", q.type().value());
            }
            if (q.overdue() != null) {
                query.setParameter("now", System.currentTimeMillis());
            }
            if (q.cursor() != null) {
                query.setParameter("cursorAt", q.cursor().sortKey());
                query.setParameter("cursorId", DsrId.PREFIX + q.cursor().id());
            }
            List<DsrEntity> rows = query.setMaxResults(q.limit() + 1).getResultList();
            boolean more = rows.size() > q.limit();
            List<DsrEntity> page = more ? rows.subList(0, q.limit()) : rows;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("data", page.stream().map(DsrViews::view).toList());
            DsrEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
            out.put("next_cursor", more ? new Cursor(last.getCreatedAt(), last.getId().substring(DsrId.PREFIX.length())).encode() : null);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("results", Integer.toString(page.size()));
            AuditLog.of(session).recordSystem(realm.getId(), "dsr.listed", AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(), null, metadata);
            return Api.ok(out);
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
            requireEmptyObject(body);
            DsrEntity d = find(id);
            RealmData.em(session).lock(d, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            RealmData.em(session).refresh(d);
            DsrStatus status = DsrStatus.of(d.getStatus());
            if (status == DsrStatus.CANCELLED) {
                return Api.ok(DsrViews.view(d));
            }
            if (status != DsrStatus.PENDING) {
                throw ApiException.conflict("only pending requests can be cancelled (this one is " + status.value() + ")");
            }
            long now = System.currentTimeMillis();
            d.setStatus(DsrStatus.CANCELLED.value());
            d.setCancelledAt(now);
            d.setUpdatedAt(now);
            audit("dsr.cancelled", caller, d);
            return Api.ok(DsrViews.view(d));
        });
    }

    @POST
    @Path("{id}/fulfill")
    @Produces(MediaType.APPLICATION_JSON)
    public Response fulfill(@PathParam("id") String id, String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            String dsrId = DsrId.parse(id);
            DsrRequests.Fulfill input = DsrRequests.fulfill(body);
            DsrEntity existing = find(dsrId);
            List<Cidr> allowlist = new DestinationStore(session).allowlist(realm.getId());
            if (input.outputArtifactUrl() != null) {
                if (!DsrType.EXPORT.value().equals(existing.getRequestType())) {
                    throw ApiException.badRequest("output_artifact_url applies to export requests only");
                }
                try {
                    ArtifactUpload.check(input.outputArtifactUrl(), allowlist);
                } catch (DestinationGuard.RefusedDestination e) {
                    throw ApiException.badRequest("output_artifact_url is refused: " + e.getMessage());
                }
            }
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            DsrFulfillment run = new DsrFulfillment(factory, config, realm.getId(), dsrId, caller);
            DsrFulfillment.Claim claim = run.claim();
            if (!claim.alreadyCompleted()) {
                if (claim.type() == DsrType.DELETION) {
                    run.deletion(claim.subject());
                } else {
                    DsrFulfillment.Bundle bundle = run.buildBundle(claim.subject(), realm.getName());
                    try {
                        if (input.outputArtifactUrl() != null) {
                            if (!run.upload(bundle, input.outputArtifactUrl(), allowlist, claim.subject().hasAccount())) {
                                throw new ApiException(502, "upload_failed",
                                        "the export bundle could not be uploaded to output_artifact_url; the request is pending again");
                            }
                        } else {
                            run.keepForDownload(bundle, claim.subject().hasAccount());
                        }
                    } finally {
                        DsrFulfillment.deleteQuietly(bundle.file());
                    }
                }
            }
            EntityManager em = RealmData.em(session);
            em.clear();
            return Api.ok(DsrViews.view(find(dsrId)));
        });
    }

    @GET
    @Path("{id}/artifact")
    @Produces(MediaType.APPLICATION_JSON)
    public Response artifact(@PathParam("id") String id) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DsrEntity d = find(id);
            long now = System.currentTimeMillis();
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            String dsrId = d.getId();
            int taken = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> RealmData.em(s).createQuery(
                            "update DsrEntity d set d.artifactState = 'downloaded', d.updatedAt = :now where d.id = :id "
                                    + "and d.realmId = :realmId and d.artifactState = 'available' and d.artifactExpiresAt > :now")
                    .setParameter("now", now).setParameter("id", dsrId).setParameter("realmId", realm.getId())
                    .executeUpdate());
            if (taken != 1) {
                throw new ApiException(410, "artifact_gone",
                        "no export bundle is available: it was downloaded already, expired, uploaded, or never built");
            }
            String realmId = realm.getId();
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                s.getContext().setRealm(s.realms().getRealm(realmId));
                AuditLog.of(s).recordSystem(realmId, "dsr.artifact.downloaded", AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(),
                        null, Map.of("dsr_id", dsrId));
            });
            StreamingOutput stream = out -> {
                try {
                    Artifacts.copyTo(factory, dsrId, out);
                    out.flush();
                } finally {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> Artifacts.delete(s, dsrId));
                }
            };
            return Response.ok(stream, MediaType.APPLICATION_JSON_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"" + dsrId + ".json\"")
                    .header("Cache-Control", "no-store")
                    .build();
        });
    }

    // ---------------------------------------------------------------- helpers

    private static void requireEmptyObject(String body) {
        io.authio.core.api.JsonInput.parse(body, java.util.Set.of());
    }

    private DsrEntity find(String id) {
        String dsrId = DsrId.parse(id);
        DsrEntity d = RealmData.em(session).find(DsrEntity.class, dsrId);
        if (d == null || !d.getRealmId().equals(realm.getId())) {
            throw ApiException.notFound("no such data-subject request");
        }
        return d;
    }

    private Caller requireManage() {
        Caller caller = Caller.of(session, auth);
        requireScope();
        if (!auth.users().canManage()) {
            throw ApiException.forbidden("acting on data-subject requests requires the realm's manage-users role");
        }
        limit(caller);
        return caller;
    }

    private Caller requireView() {
        Caller caller = Caller.of(session, auth);
        requireScope();
        if (!auth.users().canView()) {
            throw ApiException.forbidden("reading data-subject requests requires the realm's view-users role");
        }
        limit(caller);
        return caller;
    }

    /** The realm may lower or raise the node's limits with the attributes authio.dsr.requests-per-minute(-per-ip). */
    private void limit(Caller caller) {
        int perCaller = realmInt("authio.dsr.requests-per-minute", config.requestsPerMinute());
        int perIp = realmInt("authio.dsr.requests-per-minute-per-ip", config.requestsPerMinutePerIp());
        ApiRateLimit.enforce(session, realm, "dsr", caller.limitKey(), perCaller, perIp);
    }

    private int realmInt(String attribute, int fallback) {
        String v = realm.getAttribute(attribute);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void requireScope() {
        ApiKeyPrincipal key = ApiKeyPrincipal.of(auth);
        if (key != null && (!key.has("dsr") || !key.realmId().equals(realm.getId()))) {
            throw ApiException.forbidden("this API key does not carry the dsr scope");
        }
    }

    private void audit(String type, Caller caller, DsrEntity d) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dsr_id", d.getId());
        metadata.put("request_type", d.getRequestType());
        metadata.put("status", d.getStatus());
        AuditLog.of(session).recordSystem(realm.getId(), type, AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(), null, metadata);
    }
}
