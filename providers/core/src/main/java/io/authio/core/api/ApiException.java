package io.authio.core.api;

/**
 * A request Authio refuses, carrying the HTTP status and the OAuth-style error pair every Authio API
 * answers with: {@code {"error": "...", "error_description": "..."}}.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public ApiException(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String description) {
        return new ApiException(400, "invalid_request", description);
    }

    public static ApiException unauthorized(String description) {
        return new ApiException(401, "unauthorized", description);
    }

    public static ApiException forbidden(String description) {
        return new ApiException(403, "forbidden", description);
    }

    public static ApiException notFound(String description) {
        return new ApiException(404, "not_found", description);
    }

    public static ApiException conflict(String description) {
        return new ApiException(409, "conflict", description);
    }

    /**
     * The Authio error for a refusal someone else answered on an Authio path (Keycloak's admin root: no or a foreign
     * token, an unknown realm; the HTTP layer: a wrong method or media type). {@code message} is the other
     * answer's own text, kept as the description where it says more than the status line (e.g. "Realm not found.").
     */
    public static ApiException forStatus(int status, String message) {
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
        return new ApiException(status, error, informative ? message : switch (status) {
            case 401 -> "a valid admin access token or API key for this realm is required";
            case 403 -> "the caller's token does not grant access to this realm";
            case 404 -> "not found";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "this resource answers application/json only";
            case 415 -> "the body must be sent as application/json";
            default -> "the request was refused";
        });
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
