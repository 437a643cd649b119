package io.authio.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo app of the dev setup: the public client {@code authio-demo-app} signing in with the authorization
 * code flow and PKCE (S256), then showing the ID token's claims. One process, one developer: its pending
 * logins and sessions are kept in memory on purpose.
 */
final class DemoApp implements AutoCloseable {

    static final String CLIENT_ID = "authio-demo-app";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String realmUrl;
    private final String appUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String[]> pending = new ConcurrentHashMap<>(); // state -> {verifier}
    private final Map<String, JsonNode> sessions = new ConcurrentHashMap<>(); // cookie -> token response

    private DemoApp(HttpServer server, String realmUrl, String appUrl) {
        this.server = server;
        this.realmUrl = realmUrl;
        this.appUrl = appUrl;
    }

    static DemoApp start(int port, String realmUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        DemoApp app = new DemoApp(server, realmUrl, "http://localhost:" + port);
        server.createContext("/login", app::login);
        server.createContext("/callback", app::callback);
        server.createContext("/logout", app::logout);
        server.createContext("/", app::home);
        server.start();
        return app;
    }

    private void home(HttpExchange exchange) throws IOException {
        JsonNode tokens = sessions.get(cookie(exchange));
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Authio demo app</title>"
                + "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}pre{background:#f4f4f4;padding:1rem}</style>"
                + "<h1>Authio demo app</h1>");
        if (tokens == null) {
            html.append("<p><a href=/login>Sign in</a> with the authio-demo realm (dev user <code>demo</code> / <code>demo</code>).</p>");
        } else {
            html.append("<p>Signed in. ID token claims:</p><pre>")
                    .append(escape(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(claims(tokens.path("id_token").asText()))))
                    .append("</pre><p><a href=\"").append(realmUrl).append("/account\">Account console</a> · <a href=/logout>Sign out</a></p>");
        }
        respond(exchange, 200, html.toString(), Map.of());
    }

    private void login(HttpExchange exchange) throws IOException {
        String state = random(16);
        String verifier = random(32);
        pending.put(state, new String[] {verifier});
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        String location = realmUrl + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=" + CLIENT_ID
                + "&redirect_uri=" + encode(appUrl + "/callback") + "&state=" + state
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        redirect(exchange, location, null);
    }

    private void callback(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String[] verifier = query.get("state") == null ? null : pending.remove(query.get("state"));
        if (verifier == null || query.get("code") == null) {
            respond(exchange, 400, "<p>Sign-in failed: " + escape(String.valueOf(query.getOrDefault("error_description", query.get("error"))))
                    + "</p><p><a href=/>Back</a></p>", Map.of());
            return;
        }
        String form = "grant_type=authorization_code&client_id=" + CLIENT_ID + "&code=" + encode(query.get("code"))
                + "&redirect_uri=" + encode(appUrl + "/callback") + "&code_verifier=" + verifier[0];
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                respond(exchange, 502, "<p>Token exchange failed: " + escape(response.body()) + "</p>", Map.of());
                return;
            }
            String session = random(24);
            sessions.put(session, JSON.readTree(response.body()));
            redirect(exchange, "/", "demo_session=" + session + "; Path=/; HttpOnly; SameSite=Lax");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void logout(HttpExchange exchange) throws IOException {
        JsonNode tokens = sessions.remove(cookie(exchange));
        String location = tokens == null ? "/" : realmUrl + "/protocol/openid-connect/logout?client_id=" + CLIENT_ID
                + "&id_token_hint=" + tokens.path("id_token").asText() + "&post_logout_redirect_uri=" + encode(appUrl + "/");
        redirect(exchange, location, "demo_session=; Path=/; Max-Age=0");
    }

    private static JsonNode claims(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(Base64.getUrlDecoder().decode(parts.length > 1 ? parts[1] : ""));
    }

    private static String cookie(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Cookie");
        if (header != null) {
            for (String c : header.split(";")) {
                String[] kv = c.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals("demo_session")) {
                    return kv[1];
                }
            }
        }
        return "";
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void redirect(HttpExchange exchange, String location, String setCookie) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        if (setCookie != null) {
            exchange.getResponseHeaders().add("Set-Cookie", setCookie);
        }
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void respond(HttpExchange exchange, int status, String html, Map<String, String> headers) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
