package io.authio.core.keys;

/**
 * A sealed value, wrapped data key or sealed format that cannot be opened. Deliberately carries no detail
 * about which check failed (tag, context, key), so callers cannot turn it into an oracle; the message says
 * only what the operator can act on.
 */
public class SealException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SealException(String message) {
        super(message);
    }

    public SealException(String message, Throwable cause) {
        super(message, cause);
    }
}
