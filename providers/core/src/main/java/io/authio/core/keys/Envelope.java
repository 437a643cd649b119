package io.authio.core.keys;

import java.security.SecureRandom;

/**
 * Envelope encryption of small secrets: values are sealed with ChaCha20-Poly1305 under the realm's newest
 * data key; each data key is stored wrapped by the key-encryption key. Opening picks the data key version
 * named in the sealed value, so older values keep opening after a rotation; {@link #reseal} moves a value
 * to the newest key.
 */
public final class Envelope {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The data keys of one realm, unwrapped on demand. */
    public interface DataKeys {
        /** The newest active data key (created if the realm has none yet). */
        DataKey current();

        /** The given version; a {@link SealException} when the realm has no such key. */
        DataKey version(int version);
    }

    private Envelope() {
    }

    public static String seal(DataKey key, SealContext context, byte[] plaintext) {
        if (plaintext == null) {
            throw new IllegalArgumentException("nothing to seal");
        }
        byte[] nonce = new byte[ChaCha20Poly1305.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return seal(key, context, plaintext, nonce);
    }

    /** With a given nonce: only for fixed test vectors. A nonce must never repeat under one key. */
    static String seal(DataKey key, SealContext context, byte[] plaintext, byte[] nonce) {
        byte[] sealed = ChaCha20Poly1305.encrypt(key.materialView(), nonce, context.associatedData(key.version()), plaintext);
        return new SealedValue(key.version(), nonce, sealed).format();
    }

    public static byte[] open(DataKeys keys, SealContext context, String sealed) {
        SealedValue value = SealedValue.parse(sealed);
        return open(keys.version(value.dataKeyVersion()), context, value);
    }

    public static byte[] open(DataKey key, SealContext context, SealedValue value) {
        if (key.version() != value.dataKeyVersion()) {
            throw new SealException("sealed value needs data key version " + value.dataKeyVersion());
        }
        return ChaCha20Poly1305.decrypt(key.materialView(), value.nonce(),
                context.associatedData(value.dataKeyVersion()), value.ciphertextAndTag());
    }

    /**
     * The same secret sealed under the newest data key; the input itself when it already is. Opening first
     * means a value that does not authenticate is never re-sealed.
     */
    public static String reseal(DataKeys keys, SealContext context, String sealed) {
        SealedValue value = SealedValue.parse(sealed);
        DataKey current = keys.current();
        byte[] plaintext = open(keys.version(value.dataKeyVersion()), context, value);
        try {
            if (value.dataKeyVersion() == current.version()) {
                return sealed;
            }
            return seal(current, context, plaintext);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }
}
