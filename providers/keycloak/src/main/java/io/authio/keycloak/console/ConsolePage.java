package io.authio.keycloak.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.urls.UrlType;

import io.authio.core.DomainException;
import io.authio.core.json.Json;
import io.authio.keycloak.http.Api;

/**
 * Serves the Authio console ({@code /realms/{realm}/authio/console/}) and the end users' page
 * ({@code /realms/{realm}/authio/account/}): one HTML shell each plus static ES modules, styles and message
 * bundles from this jar. The pages hold no data: they sign in with authorization code + PKCE and call Authio's
 * API with the caller's token, so what they show is what the caller's roles allow. Styles are the PatternFly 5
 * that Keycloak already serves for its own consoles. Every answer carries a strict Content-Security-Policy (only
 * this server's scripts, styles and API; no framing).
 */
public class ConsolePage {

    /** Where the static files live in the jar. */
    static final String ROOT = "authio-console/";
    private static final Pattern ASSET = Pattern.compile("^(?:[a-z0-9-]+/)?[A-Za-z0-9-]+(?:\\.[a-z0-9]+)*\\.(js|css|json)$");

    private final KeycloakSession session;
    private final String app;

    /** @param app {@code console} (administrators) or {@code account} (end users) */
    public ConsolePage(KeycloakSession session, String app) {
        this.session = session;
        this.app = app;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        RealmModel realm = session.getContext().getRealm();
        String path = session.getContext().getUri().getRequestUri().getRawPath();
        if (!path.endsWith("/")) {
            // the page's redirect URI ends in a slash, and relative module paths need it
            return headers(Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create(path + "/"))).build();
        }
        URI base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
        URI adminBase = session.getContext().getUri(UrlType.ADMIN).getBaseUri();
        String server = trim(base.toString());
        String admin = trim(adminBase.toString());
        String resources = Urls.themeRoot(base).getPath() + "/common/keycloak/vendor/patternfly-v5/";
        String assets = server + ConsoleClients.consolePath(realm.getName()) + "assets/"; // shared by both pages

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("app", app);
        config.put("realm", realm.getName());
        config.put("serverUrl", server);
        config.put("adminUrl", admin);
        config.put("clientId", "account".equals(app) ? ConsoleClients.ACCOUNT : ConsoleClients.CONSOLE);
        config.put("pageUrl", server + ("account".equals(app) ? ConsoleClients.accountPath(realm.getName())
                : ConsoleClients.consolePath(realm.getName())));
        config.put("assets", assets);
        config.put("masterRealm", Config.getAdminRealm().equals(realm.getName()));

        String html = """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Authio</title>
                <link rel="stylesheet" href="%1$spatternfly.min.css">
                <link rel="stylesheet" href="%1$spatternfly-addons.css">
                <link rel="stylesheet" href="%2$svendor/uPlot.min.css">
                <link rel="stylesheet" href="%2$sconsole.css">
                <script type="application/json" id="authio-config">%3$s</script>
                <script type="module" src="%2$s%4$s.js"></script>
                </head>
                <body>
                <div id="app" class="authio-loading" aria-busy="true"></div>
                <noscript>The Authio console needs JavaScript.</noscript>
                </body>
                </html>
                """.formatted(resources, assets, scriptSafe(Json.write(config)), app);
        return headers(Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("assets/{path: .+}")
    public Response asset(@PathParam("path") String path) {
        if (path == null || !ASSET.matcher(path).matches()) {
            return noSuchFile();
        }
        try (InputStream in = ConsolePage.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return noSuchFile();
            }
            byte[] body = in.readAllBytes();
            return headers(Response.ok(body, type(path))).header("Cache-Control", "no-cache").build();
        } catch (IOException e) {
            return noSuchFile();
        }
    }

    private Response noSuchFile() {
        return headers(Response.fromResponse(Api.error(DomainException.notFound("no such file")))).build();
    }

    /**
     * The security headers of every console answer; the policy allows this server and its admin URL only. Keycloak's
     * own (weaker, for its themed pages) headers are skipped so they cannot replace these; the realm's HSTS and
     * robots settings are kept.
     */
    private Response.ResponseBuilder headers(Response.ResponseBuilder r) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        Map<String, String> realmHeaders = session.getContext().getRealm().getBrowserSecurityHeaders();
        String hsts = realmHeaders.getOrDefault(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getKey(),
                BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getDefaultValue());
        if (hsts != null && !hsts.isEmpty()) {
            r.header(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getHeaderName(), hsts);
        }
        r.header(BrowserSecurityHeaders.X_ROBOTS_TAG.getHeaderName(), "none");
        String admin = origin(session.getContext().getUri(UrlType.ADMIN).getBaseUri());
        String self = origin(session.getContext().getUri(UrlType.FRONTEND).getBaseUri());
        String connect = "'self'" + (admin.equals(self) ? "" : " " + admin);
        return r.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "font-src 'self'; connect-src " + connect + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static MediaType type(String path) {
        if (path.endsWith(".js")) {
            return new MediaType("text", "javascript", StandardCharsets.UTF_8.name());
        }
        if (path.endsWith(".css")) {
            return new MediaType("text", "css", StandardCharsets.UTF_8.name());
        }
        return MediaType.APPLICATION_JSON_TYPE.withCharset(StandardCharsets.UTF_8.name());
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String trim(String url) {
        return url.replaceFirst("/+$", "");
    }

    /** JSON inside a script element: no sequence in it can close the element or open a comment. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
