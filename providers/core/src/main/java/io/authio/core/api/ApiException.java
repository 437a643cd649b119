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
