package io.authio.keycloak.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

import io.authio.core.DomainException;
import io.authio.core.api.TooManyRequests;
import io.authio.core.json.Json;

/**
 * Runs an Authio endpoint so that every refusal becomes a JSON error
 * ({@code {"error", "error_description"}}) and rolls back whatever the request had written. The one place where
 * core's {@link DomainException} kinds become HTTP statuses (and back, for refusals Keycloak answered).
 */
public final class Api {

    private Api() {
    }

    public static Response run(KeycloakSession session, Supplier<Response> endpoint) {
        try {
            return endpoint.get();
        } catch (DomainException e) {
            session.getTransactionManager().setRollbackOnly();
            return error(e);
        }
    }

    public static Response error(DomainException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        int status = status(e.kind());
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(body));
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (e instanceof TooManyRequests limited) {
            response.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return response.build();
    }

    /** The HTTP status a refusal of this kind is answered with. */
    public static int status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            case RATE_LIMITED -> 429;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    /**
     * The Authio error for a refusal someone else answered on an Authio path (Keycloak's admin root: no or a foreign
     * token, an unknown realm; the HTTP layer: a wrong method or media type). {@code message} is the other
     * answer's own text, kept as the description where it says more than the status line (e.g. "Realm not found.").
     */
    public static DomainException forStatus(int status, String message) {
        DomainException.Kind kind = switch (status) {
            case 401 -> DomainException.Kind.UNAUTHENTICATED;
            case 403 -> DomainException.Kind.FORBIDDEN;
            case 404 -> DomainException.Kind.NOT_FOUND;
            case 405 -> DomainException.Kind.NOT_ALLOWED;
            case 406 -> DomainException.Kind.NOT_ACCEPTABLE;
            case 409 -> DomainException.Kind.CONFLICT;
            case 413 -> DomainException.Kind.TOO_LARGE;
            case 415 -> DomainException.Kind.UNSUPPORTED_FORMAT;
            case 429 -> DomainException.Kind.RATE_LIMITED;
            default -> DomainException.Kind.INVALID;
        };
        String error = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            default -> "invalid_request";
        };
        boolean informative = message != null && !message.isBlank() && !message.startsWith("HTTP ") && message.length() <= 300;
        return new DomainException(kind, error, informative ? message : switch (status) {
            case 401 -> "a valid admin access token or API key for this realm is required";
            case 403 -> "the caller's token does not grant access to this realm";
            case 404 -> "not found";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "this resource answers application/json only";
            case 415 -> "the body must be sent as application/json";
            default -> "the request was refused";
        });
    }

    /** 200 with the body serialized by Authio (nulls kept, so every documented field is always present). */
    public static Response ok(Object body) {
        return Response.ok(Json.write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    public static Response status(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(body)).build();
    }
}
