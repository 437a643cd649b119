package io.authio.keycloak.http;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import io.authio.core.net.Cidr;
import io.authio.core.net.DestinationGuard;

/**
 * HTTP/1.1 to one destination, connecting only to addresses the SSRF guard passed: the host is looked up once per
 * connection, the answer checked, and those very addresses dialled, so a DNS answer that changes between check and
 * connect (rebinding) cannot redirect the request. No redirects, retries, cookies, proxies or compression; TLS 1.2+
 * with host name verification against the JVM's trust store or only the destination's own CA. Each request has a
 * hard deadline. What a non-public destination answers is not kept: its body never leaves this class.
 */
public final class GuardedHttp implements Closeable {

    /** The answer: status, Retry-After, and at most the first KiB of the body (null from a non-public destination). */
    public record Answer(int status, String retryAfter, String excerpt) {
    }

    /** The guard refused the destination when the client looked its host up. */
    public static final class Refused extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static final int EXCERPT = 1024;
    /** Aborts requests past their deadline; one thread for all clients. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final CloseableHttpClient client;
    private final Duration requestTimeout;
    /** Whether the host's last lookup included a non-public (allowlisted) address; until a lookup, assumed so. */
    private volatile boolean internal = true;

    /**
     * A client for the destination at {@code url}, checked against {@code allowlist}; {@code caPem} (may be null)
     * replaces the JVM's trust anchors; up to {@code connections} connections are kept open.
     */
    public GuardedHttp(URI url, List<Cidr> allowlist, DestinationGuard.Resolver resolver, String caPem, Duration connectTimeout,
            Duration requestTimeout, int connections) throws GeneralSecurityException, IOException {
        this.requestTimeout = requestTimeout;
        DestinationGuard guard = new DestinationGuard(allowlist, resolver);
        boolean plaintext = "http".equalsIgnoreCase(url.getScheme());
        SSLConnectionSocketFactory tls = new SSLConnectionSocketFactory(sslContext(caPem), new String[] {"TLSv1.3", "TLSv1.2"}, null,
                SSLConnectionSocketFactory.getDefaultHostnameVerifier());
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory()).register("https", tls).build(),
                null, null, host -> lookUp(guard, host, plaintext), 60, TimeUnit.SECONDS);
        pool.setMaxTotal(connections);
        pool.setDefaultMaxPerRoute(connections);
        pool.setValidateAfterInactivity(2_000);
        int connect = (int) connectTimeout.toMillis();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(connect).setConnectionRequestTimeout((int) requestTimeout.toMillis())
                        .setSocketTimeout((int) requestTimeout.toMillis()).setRedirectsEnabled(false).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    private InetAddress[] lookUp(DestinationGuard guard, String host, boolean plaintext) throws UnknownHostException {
        try {
            InetAddress[] checked = guard.checkHost(host, plaintext);
            boolean anyInternal = false;
            for (InetAddress a : checked) {
                anyInternal |= !DestinationGuard.isPublic(a);
            }
            internal = anyInternal;
            return checked;
        } catch (DestinationGuard.RefusedDestination e) {
            throw new Refused(e.getMessage());
        }
    }

    /** Sends {@code method} with the body to the URL (of this client's destination) and reads the answer. */
    public Answer send(String method, URI url, Map<String, String> headers, HttpEntity body) throws IOException {
        HttpEntityEnclosingRequestBase request = new HttpEntityEnclosingRequestBase() {
            @Override
            public String getMethod() {
                return method;
            }
        };
        request.setURI(url);
        headers.forEach(request::setHeader);
        request.setEntity(body);
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            late.set(true);
            request.abort();
        }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse response = client.execute(request)) {
            int status = response.getStatusLine().getStatusCode();
            String retryAfter = response.getFirstHeader("Retry-After") == null ? null : response.getFirstHeader("Retry-After").getValue();
            String excerpt = excerpt(response.getEntity(), request);
            return new Answer(status, retryAfter, internal ? null : excerpt);
        } catch (IOException e) {
            if (late.get()) {
                throw new IOException("no answer within " + requestTimeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Reads at most the first KiB. A body that ends there leaves the connection reusable; a longer one is not read on
     * (the connection is dropped instead), so a receiver cannot make the sender read megabytes.
     */
    private static String excerpt(HttpEntity entity, HttpEntityEnclosingRequestBase request) throws IOException {
        if (entity == null) {
            return null;
        }
        InputStream in = entity.getContent();
        byte[] bytes = in.readNBytes(EXCERPT);
        if (bytes.length == EXCERPT && in.read() != -1) {
            request.abort();
        } else {
            in.close(); // at its end: the connection goes back to the pool
        }
        return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The JVM's trust anchors, or only the given CA certificates (PEM). */
    public static SSLContext sslContext(String caPem) throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (caPem == null) {
            context.init(null, null, null);
            return context;
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
            trust.setCertificateEntry("ca-" + i++, cert);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in the PEM");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Closes the client now, or after the longest request could still run when {@code later}. */
    public void close(boolean later) {
        if (later) {
            DEADLINES.schedule((Runnable) this::close, requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } else {
            close();
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing connections that are already gone
        }
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("authio-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
