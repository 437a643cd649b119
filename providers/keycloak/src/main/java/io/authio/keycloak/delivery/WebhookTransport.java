package io.authio.keycloak.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;

import io.authio.core.Product;
import io.authio.core.webhook.WebhookPayload;
import io.authio.core.webhook.WebhookSigner;
import io.authio.keycloak.http.GuardedHttp;

/**
 * Standard Webhooks delivery: one signed POST per message, all of a batch in flight at once (the dispatcher bounds a
 * destination's share to {@code concurrency}), through the destination's guarded client: connections only to
 * addresses the SSRF guard passed under the realm's current allowlist, redirects never followed, connect and
 * response deadlines. The signed bytes are exactly the bytes sent.
 */
final class WebhookTransport implements Transport {

    /** The body's type as sent, without parameters (the body is UTF-8 JSON). */
    static final ContentType JSON = ContentType.create("application/json");

    private final DeliveryConfig config;
    private final ExecutorService posts;
    private final DestinationClients clients;

    WebhookTransport(DeliveryConfig config, ExecutorService posts, DestinationClients clients) {
        this.config = config;
        this.posts = posts;
        this.clients = clients;
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
                results.add(Result.failed(messages.get(i + 1), Transport.describe(e), 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(Result.failed(messages.get(i + 1), "interrupted", 0));
            }
        }
        return results;
    }

    private Result sendOne(Destination d, Message m) {
        byte[] body = WebhookPayload.body(m.event());
        String messageId = WebhookPayload.messageId(m.outboxId());
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Authio-Webhooks/" + Product.VERSION);
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.signatureHeader(messageId, timestamp, body, d.signingSecrets()));
        long start = System.nanoTime();
        try {
            GuardedHttp http = clients.of(d, config.concurrency());
            GuardedHttp.Answer answer = http.send("POST", d.url(), headers, new ByteArrayEntity(body, JSON));
            return Result.of(m, answer, millisSince(start));
        } catch (Exception e) {
            return Result.failed(m, Transport.describe(e), millisSince(start));
        }
    }

    static int millisSince(long startNanos) {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000);
    }
}
