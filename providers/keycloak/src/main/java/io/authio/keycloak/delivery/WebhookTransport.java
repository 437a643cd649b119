package io.authio.keycloak.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.authio.core.Product;
import io.authio.core.delivery.RetryAfter;
import io.authio.core.net.DestinationGuard;
import io.authio.core.webhook.WebhookPayload;
import io.authio.core.webhook.WebhookSigner;

/**
 * Standard Webhooks delivery: one signed POST per message, all of a batch in flight at once (the
 * dispatcher bounds a destination's share to {@code concurrency}), redirects
 * never followed, connect and response timeouts, the destination re-checked against the SSRF guard on
 * every send. The signed bytes are exactly the bytes sent.
 * <p>
 * Each POST is a blocking {@code send} on a pooled thread rather than {@code sendAsync}: the JDK client
 * completes an async exchange through the default {@code CompletableFuture} executor, which on a 2-core
 * machine (common pool parallelism 1) starts a new thread for every single request.
 */
final class WebhookTransport implements Transport {

    private final HttpClient http;
    private final DeliveryConfig config;
    private final ExecutorService posts;

    WebhookTransport(HttpClient http, DeliveryConfig config, ExecutorService posts) {
        this.http = http;
        this.config = config;
        this.posts = posts;
    }

    @Override
    public List<Result> send(Destination d, List<Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Future<Result>> futures = new ArrayList<>(messages.size());
        for (Message m : messages.subList(1, messages.size())) {
            futures.add(posts.submit(() -> sendOne(d, m)));
        }
        List<Result> results = new ArrayList<>(messages.size());
        results.add(sendOne(d, messages.get(0))); // the calling thread sends one itself
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                results.add(Result.failed(messages.get(i + 1), describe(e), 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(Result.failed(messages.get(i + 1), "interrupted", 0));
            }
        }
        return results;
    }

    private Result sendOne(Destination d, Message m) {
        try {
            new DestinationGuard(d.allowlist(), DestinationGuard.SYSTEM).checkUrl(d.url());
        } catch (DestinationGuard.RefusedDestination e) {
            return Result.failed(m, "refused: " + e.getMessage(), 0);
        }
        byte[] body = WebhookPayload.body(m.event());
        String messageId = WebhookPayload.messageId(m.outboxId());
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(d.url())
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Authio-Webhooks/" + Product.VERSION)
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signatureHeader(messageId, timestamp, body, d.signingSecrets()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return result(m, response, (int) ((System.nanoTime() - start) / 1_000_000));
        } catch (IOException | RuntimeException e) {
            return Result.failed(m, describe(e), (int) ((System.nanoTime() - start) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(m, "interrupted", (int) ((System.nanoTime() - start) / 1_000_000));
        }
    }

    static Result result(Message m, HttpResponse<InputStream> response, int latency) {
        int status = response.statusCode();
        String excerpt = excerpt(response.body());
        boolean ok = status >= 200 && status < 300;
        String error = ok ? null : status >= 300 && status < 400 ? "redirect not followed (HTTP " + status + ")" : "HTTP " + status;
        return new Result(m.outboxId(), ok, status, latency, error, excerpt,
                RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()), status == 410);
    }

    static String excerpt(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(1024);
            return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** A short, log-safe description: the exception's name and message, wrappers skipped. */
    static String describe(Throwable error) {
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
