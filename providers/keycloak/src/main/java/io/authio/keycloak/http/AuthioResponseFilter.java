package io.authio.keycloak.http;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.utils.KeycloakSessionUtil;

import io.authio.core.DomainException;
import io.authio.core.json.Json;

/**
 * Every answer of Authio's APIs ({@code /admin/realms/{realm}/authio/...} and {@code /realms/{realm}/authio/...})
 * carries the standard security headers, and every refusal on them has Authio's error body.
 * <ul>
 * <li>Headers: Keycloak adds them where its request handling ran; answers given before it (an API key refused by
 * the pre-matching filter) lacked them. Missing ones are filled in with the realm's values (Keycloak's defaults
 * when the realm is unknown), a header the realm switched off stays off.</li>
 * <li>Body: refusals Keycloak answers before Authio runs (no or a foreign token, an unknown realm,
 * a wrong method or media type) get {@code {"error", "error_description"}}; the status and headers stay Keycloak's
 * (a 401 gets the {@code WWW-Authenticate: Bearer} challenge Keycloak leaves out). Authio's own errors pass
 * unchanged, so a client of either API handles one shape.</li>
 * </ul>
 */
@Provider
public class AuthioResponseFilter implements ContainerResponseFilter {

    private static final Pattern AUTHIO_PATH = Pattern.compile("^/?(admin/)?realms/([^/]+)/authio(?:/.*)?$");
    private static final Pattern RAW_AUTHIO_PATH = Pattern.compile("/(?:admin/)?realms/[^/]+/authio(?:/|$)");
    /** The headers Keycloak gives its REST answers. */
    private static final List<BrowserSecurityHeaders> REST_HEADERS = List.of(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY,
            BrowserSecurityHeaders.X_FRAME_OPTIONS, BrowserSecurityHeaders.X_CONTENT_TYPE_OPTIONS, BrowserSecurityHeaders.REFERRER_POLICY,
            BrowserSecurityHeaders.X_ROBOTS_TAG);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        var path = AUTHIO_PATH.matcher(request.getUriInfo().getPath());
        boolean authio = path.matches();
        if (!authio) {
            // the decoded path may no longer look like Authio's ("..%2F..%2Fadmin" or "%2e%2e" as the realm, which
            // decoding and normalizing turn into other segments); what the client asked for is the raw path
            String raw = request.getUriInfo().getRequestUri().getRawPath();
            authio = raw != null && RAW_AUTHIO_PATH.matcher(raw).find();
        }
        if (!authio) {
            return;
        }
        securityHeaders(response, path.matches() ? path.group(2) : null);
        int status = response.getStatus();
        if (status >= 400 && status < 500) {
            errorBody(response);
        }
    }

    private static void securityHeaders(ContainerResponseContext response, String realmName) {
        Map<String, String> realmValues = realmHeaders(realmName);
        for (BrowserSecurityHeaders h : REST_HEADERS) {
            if (response.getHeaders().containsKey(h.getHeaderName())) {
                continue;
            }
            String value = realmValues.getOrDefault(h.getKey(), h.getDefaultValue());
            if (value != null && !value.isEmpty()) {
                response.getHeaders().putSingle(h.getHeaderName(), value);
            }
        }
    }

    /** The realm's browser security headers, or none (defaults) when no session or realm is at hand. */
    private static Map<String, String> realmHeaders(String realmName) {
        try {
            KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
            RealmModel realm = session == null ? null : session.getContext().getRealm();
            if (realm == null || realmName == null || !realm.getName().equals(realmName)) {
                return Map.of();
            }
            Map<String, String> values = realm.getBrowserSecurityHeaders();
            return values == null ? Map.of() : values;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static void errorBody(ContainerResponseContext response) {
        JsonNode body = read(response.getEntity());
        if (body != null && body.hasNonNull("error") && body.hasNonNull("error_description") && response.getEntity() instanceof String) {
            return; // already Authio's shape
        }
        DomainException refusal = Api.forStatus(response.getStatus(), message(body, response.getEntity()));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", refusal.error());
        error.put("error_description", refusal.description());
        response.setEntity(Json.write(error), new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
        if (response.getStatus() == 401 && !response.getHeaders().containsKey("WWW-Authenticate")) {
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
