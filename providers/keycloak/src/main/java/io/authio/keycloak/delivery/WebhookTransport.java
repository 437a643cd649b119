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
import java.util.concurrent.CompletableFuture;

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
 */
final class WebhookTransport implements Transport {

    private final HttpClient http;
    private final DeliveryConfig config;

    WebhookTransport(HttpClient http, DeliveryConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public List<Result> send(Destination d, List<Message> messages) {
        List<CompletableFuture<Result>> futures = new ArrayList<>(messages.size());
        for (Message m : messages) {
            futures.add(sendOne(d, m));
        }
        List<Result> results = new ArrayList<>(messages.size());
        for (CompletableFuture<Result> f : futures) {
            results.add(f.join());
        }
        return results;
    }

    private CompletableFuture<Result> sendOne(Destination d, Message m) {
        try {
            new DestinationGuard(d.allowlist(), DestinationGuard.SYSTEM).checkUrl(d.url());
        } catch (DestinationGuard.RefusedDestination e) {
            return CompletableFuture.completedFuture(Result.failed(m, "refused: " + e.getMessage(), 0));
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
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, error) -> {
                    int latency = (int) ((System.nanoTime() - start) / 1_000_000);
                    return error != null ? Result.failed(m, describe(error), latency) : result(m, response, latency);
                });
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
