package io.authio.core.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the HMAC key. Generated
 * server-side (24 random bytes, as common receivers expect), shown to the administrator once, stored
 * sealed.
 */
public final class WebhookSecret {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    public static WebhookSecret generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** Parses {@code whsec_<base64>}; the prefix is optional (some tools strip it). */
    public static WebhookSecret parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("missing webhook secret");
        }
        String b64 = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
        try {
            byte[] key = Base64.getDecoder().decode(b64);
            if (key.length < 16 || key.length > 64) {
                throw new IllegalArgumentException("webhook secrets hold 16 to 64 bytes");
            }
            return new WebhookSecret(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed webhook secret", e);
        }
    }

    public byte[] key() {
        return Arrays.copyOf(key, key.length);
    }

    /** The form shown to administrators and stored (sealed). */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
