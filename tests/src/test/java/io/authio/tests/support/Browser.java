package io.authio.tests.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A scripted browser over plain HTTP: keeps cookies, follows redirects within Keycloak, fills and submits
 * the real HTML forms Keycloak renders. Redirects to other hosts (the app's redirect URI) are not
 * followed, so tests can read the authorization code from them.
 */
public class Browser {

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** The last page reached: its URL, status and body. */
    private HttpResponse<String> last;

    public Browser() {
        this.http = HttpClient.newBuilder()
                .cookieHandler(new LoopbackSecureCookies(cookies))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        headers.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AuthioTestBrowser/1.0");
        headers.put("Accept", "text/html,application/xhtml+xml");
        headers.put("Accept-Language", "en");
    }

    public Browser header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public CookieManager cookies() {
        return cookies;
    }

    /** GET and follow redirects while they stay on the same host; returns the final response. */
    public HttpResponse<String> open(String url) {
        return follow(send(request(URI.create(url)).GET().build()));
    }

    /** Submits a form of the current page, with the given fields overriding its own inputs. */
    public HttpResponse<String> submit(String formSelector, Map<String, String> fields) {
        Document page = page();
        Element form = page.selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("no form " + formSelector + " on " + last.uri() + ":\n" + last.body());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (("checkbox".equals(type) || "radio".equals(type)) && !input.hasAttr("checked")) {
                continue;
            }
            if ("submit".equals(type)) {
                continue;
            }
            values.put(input.attr("name"), input.attr("value"));
        }
        values.putAll(fields);
        String action = form.absUrl("action");
        if (action.isEmpty()) {
            action = last.uri().toString();
        }
        return post(action, values);
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = request(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return follow(send(request));
    }

    public HttpResponse<String> last() {
        return last;
    }

    public Document page() {
        return Jsoup.parse(last.body(), last.uri().toString());
    }

    private HttpResponse<String> follow(HttpResponse<String> response) {
        HttpResponse<String> current = response;
        for (int i = 0; i < 20; i++) {
            int status = current.statusCode();
            if (status < 300 || status >= 400) {
                break;
            }
            URI location = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
            if (!sameOrigin(location, current.uri())) {
                break; // leaving Keycloak: the app's redirect URI, read by the test
            }
            current = send(request(location).GET().build());
        }
        last = current;
        return current;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            last = response;
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Browsers treat http://localhost as a secure context and send it "Secure" cookies; Keycloak relies on
     * that (it marks cookies Secure on loopback). The JDK's cookie store does not, so loopback requests are
     * presented to it as https.
     */
    private static final class LoopbackSecureCookies extends java.net.CookieHandler {
        private final CookieManager delegate;

        LoopbackSecureCookies(CookieManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> requestHeaders)
                throws IOException {
            return delegate.get(asSecure(uri), requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> responseHeaders) throws IOException {
            delegate.put(asSecure(uri), responseHeaders);
        }

        private static URI asSecure(URI uri) {
            String host = uri.getHost();
            boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
            if (!loopback || !"http".equals(uri.getScheme())) {
                return uri;
            }
            try {
                return new URI("https", uri.getUserInfo(), host, uri.getPort(), uri.getPath(), uri.getQuery(), null);
            } catch (java.net.URISyntaxException e) {
                return uri;
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
