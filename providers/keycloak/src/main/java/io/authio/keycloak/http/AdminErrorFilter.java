package io.authio.keycloak.http;

import java.lang.annotation.Annotation;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.core.api.ApiException;
import io.authio.core.json.Json;

/**
 * Gives refusals that Keycloak answers on Authio's APIs before Authio runs (no or a foreign admin token, an unknown
 * realm, a wrong method or media type) Authio's error body, so a client of {@code /admin/realms/{realm}/authio/...}
 * and {@code /realms/{realm}/authio/...} handles one shape: {@code {"error", "error_description"}}. The status
 * and headers stay Keycloak's (a 401 gets the {@code WWW-Authenticate: Bearer} challenge Keycloak leaves out);
 * Authio's own errors pass unchanged.
 */
@Provider
public class AdminErrorFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || status >= 500 || !AuthioPaths.isApi(request.getUriInfo().getPath())) {
            return;
        }
        JsonNode body = read(response.getEntity());
        if (body != null && body.hasNonNull("error") && body.hasNonNull("error_description") && response.getEntity() instanceof String) {
            return; // already Authio's shape
        }
        ApiException refusal = ApiException.forStatus(status, message(body, response.getEntity()));
        java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("error", refusal.error());
        error.put("error_description", refusal.description());
        response.setEntity(Json.write(error), new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
        if (status == 401 && !response.getHeaders().containsKey("WWW-Authenticate")) {
            response.getHeaders().putSingle("WWW-Authenticate", "Bearer"); // RFC 6750, as Authio's own 401s
        }
    }

    /** The entity as JSON, whether Keycloak left a representation object or text; null if it is neither. */
    private static JsonNode read(Object entity) {
        try {
            if (entity instanceof String text) {
                return text.trim().startsWith("{") ? Json.read(text) : null;
            }
            return entity == null ? null : Json.read(Json.write(entity));
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String message(JsonNode body, Object entity) {
        if (body != null) {
            for (String field : new String[] {"error_description", "errorMessage", "error"}) {
                if (body.hasNonNull(field) && body.get(field).isTextual()) {
                    return body.get(field).asText();
                }
            }
            return null;
        }
        return entity instanceof String text && !text.contains("<") ? text.trim() : null;
    }
}
