package io.authio.keycloak.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.models.BrowserSecurityHeaders;

import io.authio.core.DomainException;
import io.authio.core.api.BodyMediaType;
import io.authio.core.api.RequestGuard;

/**
 * Refuses, before JAX-RS or Keycloak's realm lookup and admin authentication read it, a request to an Authio path (API
 * or magic-link page) that would otherwise end in a 500: control characters in the path or query and a bearer JWT without an issuer ({@link RequestGuard}), a body
 * of a type Authio does not read ({@link BodyMediaType}: a multipart body on an operation without a declared media
 * type reached the HTTP layer's multipart parser, and a malformed or listed Content-Type failed too). Each refusal is
 * Authio's error body with the security headers Keycloak gives REST answers.
 */
@Provider
@PreMatching
public class RequestGuardFilter implements ContainerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<BrowserSecurityHeaders> REST_HEADERS = List.of(BrowserSecurityHeaders.X_FRAME_OPTIONS,
            BrowserSecurityHeaders.X_CONTENT_TYPE_OPTIONS, BrowserSecurityHeaders.REFERRER_POLICY, BrowserSecurityHeaders.X_ROBOTS_TAG,
            BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY);

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!AuthioPaths.isAuthio(path)) {
            return;
        }
        DomainException refusal;
        try {
            List<String> query = new ArrayList<>();
            request.getUriInfo().getQueryParameters().forEach((name, values) -> {
                query.add(name);
                query.addAll(values);
            });
            refusal = RequestGuard.uri(path, query);
        } catch (IllegalArgumentException malformed) {
            refusal = DomainException.invalid("the request URI is not validly encoded");
        }
        if (refusal == null) {
            refusal = RequestGuard.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (refusal == null && AuthioPaths.isApi(path) && WITH_BODY.contains(request.getMethod()) && contentType != null && !contentType.isBlank()) {
            refusal = BodyMediaType.refusal(contentType);
        }
        if (refusal != null) {
            // answered before Keycloak's own response filters run: the headers Keycloak gives REST answers, here
            Response.ResponseBuilder response = Response.fromResponse(Api.error(refusal));
            for (BrowserSecurityHeaders h : REST_HEADERS) {
                response.header(h.getHeaderName(), h.getDefaultValue());
            }
            request.abortWith(response.build());
        }
    }
}
