package io.authio.core.dsr;

import java.util.Locale;

/** What a data-subject request asks for. */
public enum DsrType {
    /** Erasure: the user and everything linking data to them goes; history is anonymized. */
    DELETION,
    /** Access / portability: a JSON bundle of everything held about the user. */
    EXPORT;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for an API value, or null when the value names none. */
    public static DsrType of(String value) {
        for (DsrType t : values()) {
            if (t.value().equals(value)) {
                return t;
            }
        }
        return null;
    }
}
