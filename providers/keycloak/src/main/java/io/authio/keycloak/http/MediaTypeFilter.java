package io.authio.keycloak.http;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.models.BrowserSecurityHeaders;

import io.authio.core.api.ApiException;
import io.authio.core.api.BodyMediaType;

/**
 * Refuses request bodies Authio does not read ({@link BodyMediaType}) before JAX-RS looks at them: a multipart body
 * on an operation without a declared media type reached the HTTP layer's multipart parser and answered 500, and a
 * malformed or listed Content-Type did too. A 415 or 400 with Authio's error body.
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
        ApiException refusal = BodyMediaType.refusal(header);
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
}
