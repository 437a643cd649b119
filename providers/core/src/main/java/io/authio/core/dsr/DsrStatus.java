package io.authio.core.dsr;

import java.util.Locale;

/**
 * Life of a request: {@code pending} until someone fulfills or cancels it; {@code in_progress} while a
 * fulfillment runs (a crashed run is taken over by the next fulfill call); {@code completed} and
 * {@code cancelled} are final.
 */
public enum DsrStatus {
    PENDING, IN_PROGRESS, COMPLETED, CANCELLED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this == PENDING || this == IN_PROGRESS;
    }

    public static DsrStatus of(String value) {
        for (DsrStatus s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
