package io.authio.core.api;

import io.authio.core.DomainException;

/** The caller exceeded a rate limit and may retry after {@link #retryAfterSeconds()}. */
public class TooManyRequests extends DomainException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TooManyRequests(String description, long retryAfterMillis) {
        super(Kind.RATE_LIMITED, "rate_limited", description);
        this.retryAfterSeconds = Math.max(1, (retryAfterMillis + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
