package io.authio.keycloak.delivery;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.authio.core.Product;
import io.authio.core.net.DestinationGuard;
import io.authio.core.siem.SplunkHec;

/**
 * SIEM over HTTP: a batch per request, as NDJSON (one rendered event per line) or as Splunk HEC
 * envelopes; a 2xx delivers the whole batch, anything else retries it.
 */
final class HttpSinkTransport implements Transport {

    static final int MAX_PER_REQUEST = 500;

    private final HttpClient http;
    private final DeliveryConfig config;
    private final String hostname;

    HttpSinkTransport(HttpClient http, DeliveryConfig config) {
        this.http = http;
        this.config = config;
        this.hostname = localHostname();
    }

    @Override
    public List<Result> send(Destination d, List<Message> messages) {
        List<Result> results = new ArrayList<>(messages.size());
        for (int from = 0; from < messages.size(); from += MAX_PER_REQUEST) {
            results.addAll(sendChunk(d, messages.subList(from, Math.min(messages.size(), from + MAX_PER_REQUEST))));
        }
        return results;
    }

    private List<Result> sendChunk(Destination d, List<Message> chunk) {
        try {
            new DestinationGuard(d.allowlist(), DestinationGuard.SYSTEM).checkUrl(d.url());
        } catch (DestinationGuard.RefusedDestination e) {
            return chunk.stream().map(m -> Result.failed(m, "refused: " + e.getMessage(), 0)).toList();
        }
        boolean hec = d.encoding() == Destination.Encoding.SPLUNK_HEC;
        StringBuilder body = new StringBuilder(chunk.size() * 400);
        for (Message m : chunk) {
            body.append(hec ? SplunkHec.envelope(m.event(), d.format(), hostname) : d.format().render(m.event())).append('\n');
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(d.url())
                .timeout(config.requestTimeout())
                .header("Content-Type", hec ? "application/json" : "application/x-ndjson")
                .header("User-Agent", "Authio-SIEM/" + Product.VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (d.credential() != null) {
            request.header("Authorization", (hec ? "Splunk " : "Bearer ") + d.credential());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int latency = (int) ((System.nanoTime() - start) / 1_000_000);
            Result outcome = WebhookTransport.result(chunk.get(0), response, latency);
            return chunk.stream().map(m -> outcome.forMessage(m)).toList();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            int latency = (int) ((System.nanoTime() - start) / 1_000_000);
            String error = WebhookTransport.describe(e);
            return chunk.stream().map(m -> Result.failed(m, error, latency)).toList();
        }
    }

    static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "keycloak";
        }
    }
}
