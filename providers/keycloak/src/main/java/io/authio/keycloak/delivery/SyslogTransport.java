package io.authio.keycloak.delivery;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.authio.core.net.DestinationGuard;
import io.authio.core.siem.Syslog;
import io.authio.keycloak.http.GuardedHttp;

/**
 * Syslog over TCP ({@code syslog+tcp://host:514}) or TLS ({@code syslog+tls://host:6514}, TLS 1.2+,
 * hostname verified, optionally a pinned trust anchor) with RFC 5424 messages in octet-counting frames.
 * One connection per destination per node stays open between batches: it connects to the address the SSRF guard
 * checked, is opened again when the destination or the realm's allowlist changes, and before every batch its peer
 * is checked against the allowlist as it is now (plain TCP only to allowlisted networks). Writes have a deadline: a
 * receiver that accepts but never reads cannot stall the dispatcher.
 *
 * <p>Plain syslog has no application-level acknowledgement: a batch counts as delivered once written
 * and flushed to the socket.
 */
final class SyslogTransport implements Transport {

    private record Connection(String fingerprint, InetAddress peer, boolean plaintext, Socket socket, OutputStream out) {
    }

    private final DeliveryConfig config;
    private final ExecutorService writers;
    private final String hostname = HttpSinkTransport.localHostname();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    SyslogTransport(DeliveryConfig config, ExecutorService writers) {
        this.config = config;
        this.writers = writers;
    }

    /** A batch is one write. */
    @Override
    public int perRequest() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<Result> send(Destination d, List<Message> messages) {
        List<byte[]> frames = new ArrayList<>(messages.size());
        for (Message m : messages) {
            String message = Syslog.message(m.event(), d.format().render(m.event()), d.options().facility(), hostname, "authio");
            frames.add(Syslog.frame(message));
        }
        long start = System.nanoTime();
        String error = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                write(d, frames);
                error = null;
                break;
            } catch (Exception e) {
                release(d.id());
                error = e instanceof TimeoutException ? "write timed out" : Transport.describe(e);
                if (e instanceof DestinationGuard.RefusedDestination) {
                    error = "refused: " + e.getMessage();
                    break;
                }
            }
        }
        int latency = (int) ((System.nanoTime() - start) / 1_000_000);
        List<Result> results = new ArrayList<>(messages.size());
        for (Message m : messages) {
            results.add(error == null ? new Result(m.outboxId(), true, null, latency, null, null, null, false)
                    : Result.failed(m, error, latency));
        }
        return results;
    }

    private void write(Destination d, List<byte[]> frames) throws Exception {
        Connection c = connection(d);
        new DestinationGuard(d.allowlist(), DestinationGuard.SYSTEM).checkAddress(c.peer(), c.plaintext());
        Future<?> write = writers.submit(() -> {
            for (byte[] frame : frames) {
                c.out().write(frame);
            }
            c.out().flush();
            return null;
        });
        try {
            write.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            write.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private Connection connection(Destination d) throws Exception {
        String fingerprint = d.version() + "|" + d.url() + "|" + d.allowlist();
        Connection c = connections.get(d.id());
        if (c != null && c.fingerprint().equals(fingerprint) && !c.socket().isClosed()) {
            return c;
        }
        if (c != null) {
            release(d.id());
        }
        String host = d.url().getHost();
        int port = d.url().getPort();
        boolean tls = "syslog+tls".equals(d.url().getScheme());
        InetAddress peer = new DestinationGuard(d.allowlist(), DestinationGuard.SYSTEM).checkHost(host, !tls)[0];
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(peer, port), (int) config.connectTimeout().toMillis());
        socket.setSoTimeout((int) config.requestTimeout().toMillis());
        socket.setKeepAlive(true);
        if (tls) {
            SSLSocket ssl = (SSLSocket) GuardedHttp.sslContext(d.options().tlsCaPem()).getSocketFactory()
                    .createSocket(socket, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            socket = ssl;
        }
        Connection created = new Connection(fingerprint, peer, !tls, socket, new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        connections.put(d.id(), created);
        return created;
    }

    /** The destinations this node holds a connection for. */
    @Override
    public java.util.Set<String> held() {
        return java.util.Set.copyOf(connections.keySet());
    }

    @Override
    public void release(String destinationId) {
        if (destinationId == null) {
            connections.keySet().forEach(this::release);
            return;
        }
        Connection c = connections.remove(destinationId);
        if (c != null) {
            try {
                c.socket().close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }
}
