package io.authio.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.apache.http.entity.ByteArrayEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.authio.core.net.Cidr;
import io.authio.core.net.DestinationGuard;

/** The guarded client dials what the guard checked, keeps nothing an internal destination says, and keeps its deadline. */
class GuardedHttpTest {

    private static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.1/32"));

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/hang")) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "internal-service-answer".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
    }

    private URI url(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    @Test
    void aDnsAnswerThatChangesAfterTheCheckCannotRedirectTheRequest() throws Exception {
        // Rebinding: the first answer passes the guard, every later one points elsewhere (here: an address the
        // allowlist does not hold). The client must connect to the checked answer and never look the host up again.
        AtomicInteger lookups = new AtomicInteger();
        DestinationGuard.Resolver rebinding = host -> lookups.incrementAndGet() == 1
                ? new InetAddress[] {InetAddress.getByName("127.0.0.1")} : new InetAddress[] {InetAddress.getByName("10.255.255.1")};
        try (GuardedHttp http = new GuardedHttp(url("rebind.example.test", "/"), LOOPBACK, rebinding, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 4)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(500, http.send("POST", url("rebind.example.test", "/x"), Map.of(), new ByteArrayEntity(new byte[] {1})).status());
            }
        }
        assertEquals(3, requests.get());
        assertEquals(1, lookups.get(), "one lookup, checked and dialled; kept-alive connections reuse it");
    }

    @Test
    void aHostThatResolvesOutsideTheAllowlistIsRefusedBeforeAnyConnection() throws Exception {
        DestinationGuard.Resolver internal = host -> new InetAddress[] {InetAddress.getByName("127.0.0.2")};
        try (GuardedHttp http = new GuardedHttp(url("internal.example.test", "/"), LOOPBACK, internal, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 1)) {
            GuardedHttp.Refused refused = assertThrows(GuardedHttp.Refused.class,
                    () -> http.send("POST", url("internal.example.test", "/x"), Map.of(), new ByteArrayEntity(new byte[0])));
            assertTrue(refused.getMessage().contains("127.0.0.2"), refused.getMessage());
        }
        assertEquals(0, requests.get());
    }

    @Test
    void whatANonPublicDestinationAnswersIsNotKept() throws Exception {
        try (GuardedHttp http = new GuardedHttp(url("127.0.0.1", "/"), LOOPBACK, DestinationGuard.SYSTEM, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 1)) {
            GuardedHttp.Answer answer = http.send("POST", url("127.0.0.1", "/x"), Map.of(), new ByteArrayEntity(new byte[0]));
            assertEquals(500, answer.status());
            assertNull(answer.excerpt());
        }
    }

    @Test
    void aReceiverThatNeverAnswersMeetsTheDeadline() throws Exception {
        try (GuardedHttp http = new GuardedHttp(url("127.0.0.1", "/"), LOOPBACK, DestinationGuard.SYSTEM, null, Duration.ofSeconds(2),
                Duration.ofSeconds(1), 1)) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                    () -> http.send("POST", url("127.0.0.1", "/hang"), Map.of(), new ByteArrayEntity(new byte[0])));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3_000, "gave up after " + millis + " ms: " + e);
        }
    }
}
