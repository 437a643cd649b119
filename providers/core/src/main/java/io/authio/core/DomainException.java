package io.authio.core;

/**
 * Something Authio refuses, said in the domain's terms: what kind of refusal it is, a stable error code and a
 * description for the caller. Core never speaks HTTP; the glue maps {@link Kind} to a status in one place and
 * answers {@code {"error": code, "error_description": description}}.
 */
public class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of any protocol. */
    public enum Kind {
        /** The input is malformed or out of range. */
        INVALID,
        /** The caller did not prove who it is. */
        UNAUTHENTICATED,
        /** The caller is known but may not do this. */
        FORBIDDEN,
        /** No such thing (or not visible to the caller). */
        NOT_FOUND,
        /** The operation does not exist on this thing. */
        NOT_ALLOWED,
        /** The caller asked for a representation Authio does not produce. */
        NOT_ACCEPTABLE,
        /** The thing's current state does not allow this. */
        CONFLICT,
        /** The thing existed and is gone for good. */
        GONE,
        /** The input exceeds a size limit. */
        TOO_LARGE,
        /** The input is in a format Authio does not read. */
        UNSUPPORTED_FORMAT,
        /** The caller exceeded a rate limit. */
        RATE_LIMITED,
        /** A system Authio called on the caller's behalf failed. */
        UPSTREAM_FAILED,
        /** Something Authio needs is not available now; trying later may work. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String error;

    public DomainException(Kind kind, String error, String description) {
        super(description, null, false, false);
        this.kind = kind;
        this.error = error;
    }

    public static DomainException invalid(String description) {
        return new DomainException(Kind.INVALID, "invalid_request", description);
    }

    public static DomainException unauthenticated(String description) {
        return new DomainException(Kind.UNAUTHENTICATED, "unauthorized", description);
    }

    public static DomainException forbidden(String description) {
        return new DomainException(Kind.FORBIDDEN, "forbidden", description);
    }

    public static DomainException notFound(String description) {
        return new DomainException(Kind.NOT_FOUND, "not_found", description);
    }

    public static DomainException conflict(String description) {
        return new DomainException(Kind.CONFLICT, "conflict", description);
    }

    public Kind kind() {
        return kind;
    }

    /** The stable error code, e.g. {@code invalid_request}. */
    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
