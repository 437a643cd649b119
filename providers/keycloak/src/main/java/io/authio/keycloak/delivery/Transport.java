package io.authio.keycloak.delivery;

import java.time.Duration;
import java.util.List;

import io.authio.core.audit.AuditEvent;

/** Sends a batch of messages to one destination. */
interface Transport {

    /** One claimed message: the outbox row and the event it carries. */
    record Message(String outboxId, int attempt, AuditEvent event) {
    }

    /** What happened to one message. {@code gone} means the receiver answered 410 and wants no more. */
    record Result(String outboxId, boolean delivered, Integer statusCode, int latencyMs, String error,
            String response, Duration retryAfter, boolean gone) {

        static Result failed(Message m, String error, int latencyMs) {
            return new Result(m.outboxId(), false, null, latencyMs, truncate(error, 500), null, null, false);
        }

        /** The same outcome for another message of the same batch. */
        Result forMessage(Message m) {
            return new Result(m.outboxId(), delivered, statusCode, latencyMs, error, response, retryAfter, gone);
        }

        static String truncate(String s, int max) {
            return s == null || s.length() <= max ? s : s.substring(0, max);
        }
    }

    /** Delivers the messages; returns one result per message and never throws. */
    List<Result> send(Destination destination, List<Message> messages);

    /** Releases connections held for a destination (or all when null). */
    default void release(String destinationId) {
    }
}
