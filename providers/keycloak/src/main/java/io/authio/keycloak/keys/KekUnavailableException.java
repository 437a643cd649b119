package io.authio.keycloak.keys;

/** No KEK is configured, or the configured one cannot serve: sealing and opening are impossible. */
public class KekUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public KekUnavailableException(String message) {
        super(message);
    }

    public KekUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
