package io.authio.core.keys;

/**
 * A remote KEK could not be asked: the call never reached a decision about the data key. Never means "the
 * key does not open" (that is a {@link SealException}); callers must not fall back to anything. The message
 * names the KEK and the cause an operator can act on, and never carries key material or credentials.
 */
public class KekCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in the operator's terms. */
    public enum Cause {
        ACCESS_DENIED("access denied"),
        KEY_DISABLED("key disabled"),
        KEY_PENDING_DELETION("key pending deletion or in another unusable state"),
        KEY_NOT_FOUND("key not found"),
        WRONG_KEY_TYPE("not a symmetric encryption key"),
        CREDENTIALS("no usable credentials"),
        THROTTLED("throttled"),
        UNREACHABLE("unreachable"),
        UNAVAILABLE("service error");

        private final String text;

        Cause(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Cause cause;

    public KekCallException(Cause cause, String message) {
        super(message);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }
}
