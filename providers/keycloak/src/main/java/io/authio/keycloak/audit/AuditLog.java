package io.authio.keycloak.audit;

import java.time.Instant;
import java.util.Map;

import org.keycloak.models.KeycloakSession;

import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.delivery.Outbox;

/**
 * The one way anything in Authio records an audit event: Keycloak's own events arrive through the
 * {@code authio-audit} listener, Authio's own (risk decisions, key rotations, ...) call {@link #record}.
 * The row joins the caller's transaction, so an event exists exactly when what it describes committed.
 */
public final class AuditLog {

    private final KeycloakSession session;

    private AuditLog(KeycloakSession session) {
        this.session = session;
    }

    public static AuditLog of(KeycloakSession session) {
        return new AuditLog(session);
    }

    /** Records the event and queues it for every matching webhook endpoint and SIEM sink. */
    public void record(AuditEvent event) {
        new AuditEventStore(session).insert(event);
        Outbox.enqueue(session, event);
    }

    /** Records the event without fanning it out (its delivery is arranged by the caller). */
    public void recordOnly(AuditEvent event) {
        new AuditEventStore(session).insert(event);
    }

    /** Records an event raised by Authio itself about a realm, optionally about a user. */
    public AuditEvent recordSystem(String realmId, String type, AuditEvent.Outcome outcome, String actorType,
            String actorId, String userId, Map<String, String> metadata) {
        var ctx = RequestContext.of(session);
        AuditEvent event = new AuditEvent(Uuid7.next(), realmId, Instant.now(), type, outcome, actorType, actorId,
                userId, null, null, ctx.ip(), ctx.userAgent(), metadata);
        record(event);
        return event;
    }
}
