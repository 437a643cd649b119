package io.authio.core.id;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one way Authio digests values it stores in place of a secret or an identifier (API keys, magic-link tokens,
 * device cookies, subject addresses, rate-limit keys): SHA-256 or HMAC-SHA256, as lower-case hex. Text is hashed as
 * UTF-8. Stored digests depend on exactly this output, so it never changes.
 */
public final class Hashing {

    private static final HexFormat HEX = HexFormat.of();

    private Hashing() {
    }

    /** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lower-case hex HMAC-SHA256 of the text's UTF-8 bytes under {@code key}. */
    public static String hmacSha256Hex(byte[] key, String text) {
        return HEX.formatHex(hmacSha256(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * One Mac per thread, initialised with each call's key, instead of a look-up among the security providers for every
     * signature (one per webhook delivery). A Mac is not thread-safe, hence per thread.
     */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    });

    /** HMAC-SHA256 under {@code key} of the parts, in order, as one message. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 with a non-empty key is part of every Java runtime", e);
        }
    }

    /** A fresh SHA-256 digest, for content hashed as it streams (export bundles); {@link #hex} renders it. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Lower-case hex of a digest. */
    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }
}
