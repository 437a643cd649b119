package io.authio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP receiver on loopback for webhooks and SIEM batches: records every request (headers in a
 * case-insensitive map, raw body bytes) and answers what the test scripts: a status per request, a
 * Retry-After, a body, or nothing at all (black hole). Plain HTTP by default, HTTPS with {@link #https}.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, long receivedAt) {
        public String header(String name) {
            return headers.get(name);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What to answer: status, optional headers and body; a null reply means "never answer". */
    public record Reply(int status, Map<String, String> headers, String body) {
        public Reply(int status, Map<String, String> headers) {
            this(status, headers, null);
        }

        public static Reply of(int status) {
            return new Reply(status, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch blackHole = new CountDownLatch(1);
    private volatile Function<Request, Reply> responder = r -> Reply.of(200);
    private volatile boolean keepBodies = true;
    private final java.util.concurrent.atomic.AtomicLong lines = new java.util.concurrent.atomic.AtomicLong();

    public HttpReceiver() throws IOException {
        this(0);
    }

    public HttpReceiver(int port) throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256));
    }

    private HttpReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** An HTTPS receiver on loopback presenting the certificate of {@code tls} (see {@link TestCa}). */
    public static HttpReceiver https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new HttpReceiver(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    /**
     * Reads request bodies and keeps none, counting their lines (requests are still recorded, with empty bodies): a benchmark's SIEM receiver,
     * which would otherwise hold every batch it was sent and bill the shared cores for collecting them.
     */
    public HttpReceiver discardingBodies() {
        this.keepBodies = false;
        return this;
    }

    /** Line breaks in the bodies read while {@link #discardingBodies discarding} (NDJSON events received). */
    public long lines() {
        return lines.get();
    }

    public HttpReceiver respond(Function<Request, Reply> responder) {
        this.responder = responder;
        return this;
    }

    /** Holds every request until {@code released} counts down (at most 10 minutes), then answers 200. */
    public HttpReceiver holdUntil(CountDownLatch released) {
        return respond(r -> {
            try {
                released.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of(200);
        });
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until a request matching the predicate arrived; returns it. */
    public Request await(Predicate<Request> match, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (Request r : requests()) {
                if (match.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching request within " + timeoutMillis + " ms; got " + requests().size() + " requests");
    }

    /** Waits until at least {@code count} requests match. */
    public List<Request> awaitCount(Predicate<Request> match, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<Request> matching = List.of();
        while (System.currentTimeMillis() < deadline) {
            matching = requests().stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " matching requests within " + timeoutMillis + " ms, got " + matching.size());
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            if (keepBodies) {
                body = in.readAllBytes();
            } else {
                byte[] buffer = new byte[64 * 1024];
                long n = 0;
                for (int read; (read = in.read(buffer)) > 0;) {
                    for (int i = 0; i < read; i++) {
                        n += buffer[i] == '\n' ? 1 : 0;
                    }
                }
                lines.addAndGet(n);
                body = new byte[0];
            }
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body,
                System.currentTimeMillis());
        requests.add(request);
        Reply reply = responder.apply(request);
        if (reply == null) {
            try {
                blackHole.await(10, TimeUnit.MINUTES); // hold the connection, never answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] answer = reply.body() == null ? new byte[0] : reply.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        blackHole.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
