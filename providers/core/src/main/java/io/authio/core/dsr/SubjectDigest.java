package io.authio.core.dsr;

import java.security.SecureRandom;

import io.authio.core.id.Hashing;

/**
 * How a request keeps the address it named once the address itself is gone: HMAC-SHA256 under the realm's own
 * secret key of the address's SHA-256 (hex). Without the key — which is sealed under the realm's data key, so
 * neither a database dump nor the API holds it — a list of candidate addresses does not reverse it; with the key
 * (the server, asked through the API) a given address can still be checked against it. Taking the SHA-256 first
 * lets digests stored before keys existed (plain SHA-256) be keyed in place: {@link #fromSha256}.
 */
public final class SubjectDigest {

    public static final int KEY_BYTES = 32;

    private SubjectDigest() {
    }

    /** A new random key for a realm. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The digest of a normalized (trimmed, lower-case) address. */
    public static String of(byte[] key, String normalizedEmail) {
        return fromSha256(key, sha256(normalizedEmail));
    }

    /** The digest from the address's SHA-256 (hex): how a digest stored unkeyed becomes keyed. */
    public static String fromSha256(byte[] key, String sha256Hex) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the subject digest key must be " + KEY_BYTES + " bytes");
        }
        return Hashing.hmacSha256Hex(key, sha256Hex); // hex is ASCII: its UTF-8 bytes are the ASCII bytes
    }

    public static String sha256(String value) {
        return Hashing.sha256Hex(value);
    }
}
