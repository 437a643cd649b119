package io.authio.keycloak.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.Cursor;
import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;
import io.authio.core.api.PageRequest;
import io.authio.core.api.Params;
import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.core.net.Urls;
import io.authio.core.webhook.EventFilter;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmData;

/**
 * What webhook endpoints and SIEM sinks share in the admin API: CRUD, a test event, the delivery log,
 * dead-letter replay. Reading requires the realm's view-realm permission, changing it manage-realm
 * (a destination receives every matching event, personal data included).
 */
public abstract class DestinationsResource<B extends DestinationBody> {

    private static final Pattern STATUS = Pattern.compile("^(pending|delivered|dead)$");

    protected final KeycloakSession session;
    protected final RealmModel realm;
    protected final AdminAccess access;
    protected final DestinationStore store;
    private final String path;
    private final String adminEventType;
    private final Class<B> bodyType;

    /**
     * {@code path}: this resource's path below {@code authio/} ({@code webhooks}); {@code adminEventType}: its admin-event
     * resource type ({@code WEBHOOK}); {@code bodyType}: the typed body of create and update (the fields this kind accepts).
     */
    protected DestinationsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, String path,
            String adminEventType, Class<B> bodyType) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
        this.store = new DestinationStore(session);
        this.path = path;
        this.adminEventType = adminEventType;
        this.bodyType = bodyType;
    }

    /** The kinds this resource manages. */
    protected abstract List<Destination.Kind> kinds();

    /** Audit type prefix of changes, e.g. {@code webhook.endpoint}. */
    protected abstract String auditPrefix();

    /** Applies kind-specific fields; {@code created} tells whether this is a new destination. */
    protected abstract void apply(B in, DestinationEntity d, boolean created, Map<String, Object> response);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Api.run(session, () -> {
            requireView();
            List<String> kinds = kinds().stream().map(Destination.Kind::id).toList();
            return Api.ok(Map.of("data", store.list(realm.getId(), kinds).stream().map(DestinationViews::destination).toList()));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            B in = JsonBody.read(body, bodyType);
            requireRoom();
            long now = System.currentTimeMillis();
            DestinationEntity d = new DestinationEntity();
            d.setId(Uuid7.next());
            d.setRealmId(realm.getId());
            d.setCreatedAt(now);
            d.setUpdatedAt(now);
            d.setEnabled(true);
            Map<String, Object> extra = new LinkedHashMap<>();
            applyCommon(in, d, true);
            apply(in, d, true, extra);
            store.persist(d);
            audit("created", caller, d, OperationType.CREATE);
            Map<String, Object> body2 = new LinkedHashMap<>(DestinationViews.destination(d));
            body2.putAll(extra);
            return Api.status(201, body2);
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return Api.run(session, () -> {
            requireView();
            return Api.ok(DestinationViews.destination(find(id)));
        });
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DestinationEntity d = find(id);
            B in = JsonBody.read(body, bodyType);
            applyCommon(in, d, false);
            apply(in, d, false, new LinkedHashMap<>());
            d.setUpdatedAt(System.currentTimeMillis());
            audit("updated", caller, d, OperationType.UPDATE);
            return Api.ok(DestinationViews.destination(d));
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DestinationEntity d = find(id);
            store.delete(d);
            audit("deleted", caller, d, OperationType.DELETE);
            return Response.noContent().build();
        });
    }

    /** Sends a test event to this destination only. */
    @POST
    @Path("{id}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public Response test(@PathParam("id") String id) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DestinationEntity d = find(id);
            if (!d.isEnabled()) {
                throw DomainException.conflict("the destination is disabled; enable it first");
            }
            AuditEvent event = new AuditEvent(Uuid7.next(), realm.getId(), Instant.now(), auditPrefix().split("\\.")[0] + ".test",
                    AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(), null, null, null, null, null,
                    Map.of("destination_id", d.getId()));
            AuditLog.of(session).recordOnly(event);
            String deliveryId = Outbox.enqueueTo(session, event, d.getId());
            return Api.status(202, Map.of("delivery_id", deliveryId, "event_id", event.id()));
        });
    }

    @GET
    @Path("{id}/deliveries")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Api.run(session, () -> {
            requireView();
            DestinationEntity d = find(id);
            String s = Params.matching("status", status, STATUS, "pending, delivered or dead");
            PageRequest page = PageRequest.parse(limit, cursor, 100, 500);
            EntityManager em = RealmData.em(session);
            String jpql = "select o from OutboxEntity o where o.destinationId = :id and o.realmId = :realmId"
                    + (s == null ? "" : " and o.status = :status")
                    + page.keysetCondition("o.createdAt", "o.id")
                    + " order by o.createdAt desc, o.id desc";
            var q = em.createQuery(jpql, OutboxEntity.class).setParameter("id", d.getId()).setParameter("realmId", realm.getId());
            if (s != null) {
                q.setParameter("status", s);
            }
            page.parameters().forEach(q::setParameter);
            List<OutboxEntity> rows = q.setMaxResults(page.fetchSize()).getResultList();
            return Api.ok(page.page(rows, o -> new Cursor(o.getCreatedAt(), o.getId())).body(DestinationViews::delivery));
        });
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return Api.run(session, () -> {
            requireView();
            OutboxEntity o = findDelivery(find(id), deliveryId);
            return Api.ok(DestinationViews.delivery(o, OutboxRepository.attemptLog(RealmData.em(session), o)));
        });
    }

    /** Puts a dead-lettered (or failing) delivery back in the queue with a fresh retry schedule. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/replay")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DestinationEntity d = find(id);
            if (!d.isEnabled()) {
                throw DomainException.conflict("the destination is disabled; enable it before replaying");
            }
            OutboxEntity o = findDelivery(d, deliveryId);
            if (Outbox.DELIVERED.equals(o.getStatus())) {
                throw DomainException.conflict("the delivery already succeeded");
            }
            o.setStatus(Outbox.PENDING);
            o.setAttempts(0);
            o.setNextAttemptAt(System.currentTimeMillis());
            o.setLastError(null);
            AuditLog.of(session).recordSystem(realm.getId(), "delivery.replayed", AuditEvent.Outcome.SUCCESS, caller.type(), caller.id(),
                    null, Map.of("destination_id", d.getId(), "delivery_id", o.getId()));
            Outbox.wakeAfterCommit(session);
            return Api.status(202, DestinationViews.delivery(o));
        });
    }

    private void applyCommon(B in, DestinationEntity d, boolean created) {
        String url = Fields.text("url", in.url(), DestinationBody.MAX_URL, created);
        if (url != null) {
            d.setUrl(checkUrl(url, d.getKind()));
        }
        List<String> types = Fields.texts("event_types", in.eventTypes(), EventFilter.MAX_PATTERNS, DestinationBody.MAX_EVENT_TYPE, created);
        if (types != null) {
            try {
                d.setEventFilter(EventFilter.of(types).stored());
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid(e.getMessage());
            }
        }
        if (in.description() != null) {
            d.setDescription(in.description());
        }
        Boolean enabled = in.enabled();
        if (enabled != null) {
            if (enabled && !d.isEnabled()) {
                d.setDisabledReason(null);
                d.setFailingSince(null);
            }
            d.setEnabled(enabled);
        }
    }

    /**
     * Refuses a new destination beyond the operator's per-realm number. The realm's row stays locked until this
     * transaction ends, so concurrent creations (on any node) count one after the other.
     */
    private void requireRoom() {
        RealmData.em(session).find(RealmEntity.class, realm.getId(), LockModeType.PESSIMISTIC_WRITE);
        long existing = store.count(realm.getId());
        int max = store.config().maxDestinations();
        if (existing >= max) {
            throw DomainException.conflict("this realm already has " + existing + " webhook endpoints and SIEM sinks, the most the server "
                    + "allows (" + max + "); delete one first");
        }
    }

    /** Validates a destination URL against the SSRF guard with this realm's allowlist. */
    protected String checkUrl(String url, String kind) {
        return new UrlCheck(session, realm).check(url, kind);
    }

    protected DestinationEntity find(String id) {
        DestinationEntity d = store.find(realm.getId(), id, kinds().toArray(new Destination.Kind[0]));
        if (d == null) {
            throw DomainException.notFound("no such " + auditPrefix().replace('.', ' ') + " in this realm");
        }
        return d;
    }

    private OutboxEntity findDelivery(DestinationEntity d, String deliveryId) {
        OutboxEntity o = deliveryId == null || deliveryId.length() > 36 ? null : RealmData.em(session).find(OutboxEntity.class, deliveryId);
        if (o == null || !o.getDestinationId().equals(d.getId()) || !o.getRealmId().equals(realm.getId())) {
            throw DomainException.notFound("no such delivery");
        }
        return o;
    }

    /** Authio's audit event of a change, by whoever made it, and Keycloak's admin event (without secrets). */
    protected void audit(String action, Caller caller, DestinationEntity d, OperationType operation) {
        AuditLog.of(session).recordSystem(realm.getId(), auditPrefix() + "." + action, AuditEvent.Outcome.SUCCESS, caller.type(),
                caller.id(), null, Map.of("destination_id", d.getId(), "url", Urls.withoutSecrets(d.getUrl())));
        Map<String, Object> representation = new LinkedHashMap<>(DestinationViews.destination(d));
        representation.put("url", Urls.withoutSecrets(d.getUrl()));
        access.recordChange(operation, adminEventType, representation, path, d.getId());
    }

    protected void requireView() {
        access.require("viewing delivery destinations", Permission.VIEW_REALM);
    }

    protected Caller requireManage() {
        return access.require("changing delivery destinations", Permission.MANAGE_REALM);
    }
}
