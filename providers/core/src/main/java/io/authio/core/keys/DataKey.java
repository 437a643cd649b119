package io.authio.core.keys;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One version of a realm's data key: 256 random bits that seal values with ChaCha20-Poly1305. Exists in
 * plaintext only in memory; at rest it is always wrapped by a key-encryption key ({@link DataKeyWrap}).
 */
public final class DataKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int version;
    private final byte[] material;

    private DataKey(int version, byte[] material) {
        if (version < 1) {
            throw new IllegalArgumentException("data key versions start at 1");
        }
        if (material.length != ChaCha20Poly1305.KEY_BYTES) {
            throw new IllegalArgumentException("data keys are 32 bytes");
        }
        this.version = version;
        this.material = material;
    }

    public static DataKey generate(int version) {
        byte[] material = new byte[ChaCha20Poly1305.KEY_BYTES];
        RANDOM.nextBytes(material);
        return new DataKey(version, material);
    }

    public static DataKey of(int version, byte[] material) {
        return new DataKey(version, material.clone());
    }

    public int version() {
        return version;
    }

    /** A copy of the key bytes (tests and the re-wrap need them; nothing stores them). */
    public byte[] material() {
        return material.clone();
    }

    /** The key bytes without copying, for the cipher calls in this package. */
    byte[] materialView() {
        return material;
    }

    @Override
    public String toString() {
        return "DataKey[v" + version + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey other && other.version == version
                && java.security.MessageDigest.isEqual(other.material, material);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(material);
    }
}
