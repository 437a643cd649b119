package io.authio.keycloak.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.authio.core.audit.AuditEvent;
import io.authio.core.delivery.RetryAfter;
import io.authio.keycloak.http.GuardedHttp;

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

        /** The outcome of an HTTP answer: 2xx delivers, 410 says gone, redirects are not followed. */
        static Result of(Message m, GuardedHttp.Answer answer, int latencyMs) {
            int status = answer.status();
            boolean ok = status >= 200 && status < 300;
            String error = ok ? null : status >= 300 && status < 400 ? "redirect not followed (HTTP " + status + ")" : "HTTP " + status;
            return new Result(m.outboxId(), ok, status, latencyMs, error, answer.excerpt(), RetryAfter.parse(answer.retryAfter(), Instant.now()),
                    status == 410);
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

    /**
     * Messages one request carries: 1 for a webhook, up to a batch for a SIEM sink (whose delivered requests get one
     * attempt row each, not one per message).
     */
    default int perRequest() {
        return 1;
    }

    /** Releases connections held for a destination (or all when null). */
    default void release(String destinationId) {
    }

    /** The destinations this transport holds connections for (to release those deleted or disabled). */
    default java.util.Set<String> held() {
        return java.util.Set.of();
    }

    /** A short, log-safe description of a failure: the exception's name and message, wrappers skipped. */
    static String describe(Throwable error) {
        if (error instanceof GuardedHttp.Refused) {
            return "refused: " + error.getMessage();
        }
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null && t.getCause() != null) {
            message = t.getCause().getClass().getSimpleName()
                    + (t.getCause().getMessage() == null ? "" : ": " + t.getCause().getMessage());
        }
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }
}
