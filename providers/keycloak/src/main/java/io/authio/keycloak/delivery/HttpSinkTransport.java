package io.authio.keycloak.delivery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.http.entity.ContentType;

import io.authio.core.Product;
import io.authio.core.siem.SplunkHec;
import io.authio.keycloak.http.GuardedHttp;

/**
 * SIEM over HTTP: a batch per request, as NDJSON (one rendered event per line) or as Splunk HEC envelopes; a 2xx
 * delivers the whole batch, anything else retries it. TLS trusts the sink's own {@code tls_ca_pem} when it has one.
 */
final class HttpSinkTransport implements Transport {

    static final int MAX_PER_REQUEST = 500;
    /** Claims' worth of messages a SIEM sink may have in flight on a node, and its connections: one each. */
    static final int BATCHES_IN_FLIGHT = 4;
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final DestinationClients clients;
    private final String hostname;

    HttpSinkTransport(DestinationClients clients) {
        this.clients = clients;
        this.hostname = localHostname();
    }

    @Override
    public int perRequest() {
        return MAX_PER_REQUEST;
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
        boolean hec = d.encoding() == Destination.Encoding.SPLUNK_HEC;
        ChunkedBody body = new ChunkedBody();
        for (Message m : chunk) {
            if (hec) {
                SplunkHec.writeEnvelope(body, m.event(), d.format(), hostname);
            } else {
                d.format().renderTo(body, m.event());
            }
            body.write('\n');
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Authio-SIEM/" + Product.VERSION);
        if (d.credential() != null) {
            headers.put("Authorization", (hec ? "Splunk " : "Bearer ") + d.credential());
        }
        long start = System.nanoTime();
        try {
            GuardedHttp http = clients.of(d, BATCHES_IN_FLIGHT);
            GuardedHttp.Answer answer = http.send("POST", d.url(), headers, body.entity(hec ? WebhookTransport.JSON : NDJSON));
            Result outcome = Result.of(chunk.get(0), answer, WebhookTransport.millisSince(start));
            return chunk.stream().map(outcome::forMessage).toList();
        } catch (Exception e) {
            String error = Transport.describe(e);
            int latency = WebhookTransport.millisSince(start);
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
