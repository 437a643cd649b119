package io.authio.core.api;

import io.authio.core.DomainException;

/**
 * A request Authio refuses for its form (parameters, body, media type, credentials): the refusal the request
 * readers of this package raise. The glue answers it as every {@link DomainException}.
 */
public class ApiException extends DomainException {

    private static final long serialVersionUID = 1L;

    public ApiException(Kind kind, String error, String description) {
        super(kind, error, description);
    }

    public static ApiException badRequest(String description) {
        return new ApiException(Kind.INVALID, "invalid_request", description);
    }

    public static ApiException unauthorized(String description) {
        return new ApiException(Kind.UNAUTHENTICATED, "unauthorized", description);
    }

    public static ApiException forbidden(String description) {
        return new ApiException(Kind.FORBIDDEN, "forbidden", description);
    }

    public static ApiException notFound(String description) {
        return new ApiException(Kind.NOT_FOUND, "not_found", description);
    }

    public static ApiException conflict(String description) {
        return new ApiException(Kind.CONFLICT, "conflict", description);
    }
}
