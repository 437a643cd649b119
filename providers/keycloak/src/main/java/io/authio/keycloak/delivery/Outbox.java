package io.authio.keycloak.delivery;

import jakarta.persistence.EntityManager;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

import io.authio.core.audit.AuditEvent;
import io.authio.core.id.Uuid7;
import io.authio.core.webhook.EventFilter;
import io.authio.keycloak.store.RealmData;

/**
 * Writes outbox messages in the transaction of the event they carry, one per matching destination. No
 * network I/O here: delivery happens after commit, from the dispatcher. After commit, the local
 * dispatcher is woken so deliveries start within milliseconds; other nodes find the rows on their poll.
 */
public final class Outbox {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    private Outbox() {
    }

    /** Fans the event out to every enabled destination of its realm whose filter matches. */
    public static void enqueue(KeycloakSession session, AuditEvent event) {
        int written = 0;
        for (Object[] row : new DestinationStore(session).enabledFilters(event.realmId())) {
            if (EventFilter.parse((String) row[1]).matches(event.type())) {
                insert(session, event, (String) row[0]);
                written++;
            }
        }
        if (written > 0) {
            wakeAfterCommit(session);
        }
    }

    /** Enqueues the event for one destination only (test events). */
    public static String enqueueTo(KeycloakSession session, AuditEvent event, String destinationId) {
        String id = insert(session, event, destinationId);
        wakeAfterCommit(session);
        return id;
    }

    private static String insert(KeycloakSession session, AuditEvent event, String destinationId) {
        EntityManager em = RealmData.em(session);
        long now = System.currentTimeMillis();
        OutboxEntity o = new OutboxEntity();
        o.setId(Uuid7.next());
        o.setRealmId(event.realmId());
        o.setDestinationId(destinationId);
        o.setEventId(event.id());
        o.setEventType(event.type());
        o.setStatus(PENDING);
        o.setAttempts(0);
        o.setNextAttemptAt(now);
        o.setCreatedAt(now);
        em.persist(o);
        return o.getId();
    }

    /** Wakes this node's dispatcher once the current transaction has committed. */
    public static void wakeAfterCommit(KeycloakSession session) {
        DeliveryService delivery = session.getProvider(DeliveryService.class);
        if (delivery == null) {
            return;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                delivery.wake();
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }
}
