package io.authio.keycloak.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

import io.authio.core.api.ApiException;
import io.authio.core.json.Json;

/**
 * Runs an Authio endpoint so that every refusal becomes a JSON error
 * ({@code {"error", "error_description"}}) and rolls back whatever the request had written.
 */
public final class Api {

    private Api() {
    }

    public static Response run(KeycloakSession session, Supplier<Response> endpoint) {
        try {
            return endpoint.get();
        } catch (ApiException e) {
            session.getTransactionManager().setRollbackOnly();
            return error(e);
        }
    }

    public static Response error(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(body));
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (e instanceof io.authio.core.api.TooManyRequests limited) {
            response.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return response.build();
    }

    /** 200 with the body serialized by Authio (nulls kept, so every documented field is always present). */
    public static Response ok(Object body) {
        return Response.ok(Json.write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    public static Response status(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(body)).build();
    }
}
