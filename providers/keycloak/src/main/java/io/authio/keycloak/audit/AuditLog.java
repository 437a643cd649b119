package io.authio.keycloak.audit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.KeycloakSession;

import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;

/**
 * The one way anything in Authio records an audit event: Keycloak's own events arrive through the
 * {@code authio-audit} listener, Authio's own (risk decisions, key rotations, ...) call {@link #record}.
 * The row joins the caller's transaction, so an event exists exactly when what it describes committed.
 * Capabilities that act on recorded events (delivery queues them for webhooks and SIEM sinks) {@link #subscribe}
 * at startup, so the audit log depends on none of them.
 */
public final class AuditLog {

    /** Acts on each recorded event inside the recording transaction (so it commits or rolls back with it). */
    @FunctionalInterface
    public interface Subscriber {
        void recorded(KeycloakSession session, AuditEvent event);
    }

    /** Wiring made once at startup by the capabilities' factories, by name (registering again replaces); no request state. */
    private static final Map<String, Subscriber> SUBSCRIBERS = new ConcurrentHashMap<>();

    private final KeycloakSession session;

    private AuditLog(KeycloakSession session) {
        this.session = session;
    }

    public static AuditLog of(KeycloakSession session) {
        return new AuditLog(session);
    }

    /** Registers {@code subscriber} for every event recorded from now on (call from a factory's {@code postInit}). */
    public static void subscribe(String name, Subscriber subscriber) {
        SUBSCRIBERS.put(name, subscriber);
    }

    /** Records the event and hands it to every subscriber (delivery: every matching webhook endpoint and SIEM sink). */
    public void record(AuditEvent event) {
        new AuditEventStore(session).insert(event);
        for (Subscriber subscriber : SUBSCRIBERS.values()) {
            subscriber.recorded(session, event);
        }
    }

    /** Records the event without handing it to subscribers (its delivery is arranged by the caller). */
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
