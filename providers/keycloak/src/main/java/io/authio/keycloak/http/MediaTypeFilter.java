package io.authio.keycloak.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.models.BrowserSecurityHeaders;

import io.authio.core.api.ApiException;

/**
 * Refuses request bodies Authio does not read, before JAX-RS looks at them (a multipart body on an operation without
 * a declared media type reached the HTTP layer's multipart parser and answered 500; a malformed or listed
 * Content-Type did too). Accepted: {@code application/json}, {@code application/*+json}, and
 * {@code application/x-www-form-urlencoded} — what {@code curl -d} declares when no type is given, read as JSON
 * because the documented DSR commands send it — with no charset other than UTF-8. Anything else is a 415, a header
 * that is not one media type a 400, both with Authio's error body.
 */
@Provider
@PreMatching
public class MediaTypeFilter implements ContainerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!WITH_BODY.contains(request.getMethod()) || !AuthioPaths.isApi(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (header == null || header.isBlank()) {
            return;
        }
        ApiException refusal = refusal(header);
        if (refusal != null) {
            // answered before Keycloak's own response filters run: give the refusal the headers Keycloak gives REST answers
            Response.ResponseBuilder response = Response.fromResponse(Api.error(refusal));
            for (BrowserSecurityHeaders h : List.of(BrowserSecurityHeaders.X_FRAME_OPTIONS, BrowserSecurityHeaders.X_CONTENT_TYPE_OPTIONS,
                    BrowserSecurityHeaders.REFERRER_POLICY, BrowserSecurityHeaders.X_ROBOTS_TAG, BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY)) {
                response.header(h.getHeaderName(), h.getDefaultValue());
            }
            request.abortWith(response.build());
        }
    }

    /** Null when Authio reads a body of this declared type. */
    static ApiException refusal(String header) {
        MediaType type;
        try {
            if (header.indexOf(',') >= 0) {
                throw new IllegalArgumentException("a list");
            }
            type = MediaType.valueOf(header.trim());
        } catch (RuntimeException notOneType) {
            return ApiException.badRequest("the Content-Type header must name one media type, e.g. application/json");
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            return unsupported();
        }
        String t = type.getType().toLowerCase(Locale.ROOT);
        String sub = type.getSubtype().toLowerCase(Locale.ROOT);
        boolean json = t.equals("application") && (sub.equals("json") || sub.endsWith("+json"));
        boolean curlDefault = t.equals("application") && sub.equals("x-www-form-urlencoded");
        return json || curlDefault ? null : unsupported();
    }

    private static ApiException unsupported() {
        return new ApiException(415, "unsupported_media_type", "Authio reads request bodies as application/json (UTF-8)");
    }
}
