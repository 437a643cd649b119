package io.authio.core.keys;

/**
 * A key-encryption key: wraps data keys and nothing else. Implementations may keep the key material out of
 * this process entirely (an HSM through PKCS#11, AWS KMS), so the contract is wrap and unwrap, never "give me
 * the key".
 */
public interface Kek {

    /** Stable identifier stored next to every data key it wrapped, e.g. {@code keystore:authio-kek}. */
    String id();

    /** The prefix of the stored form ({@code w1}: AES-GCM by this process or an HSM; {@code k1}: a KMS ciphertext). */
    default String format() {
        return DataKeyWrap.FORMAT_AES_GCM;
    }

    byte[] wrap(byte[] keyMaterial, DataKeyContext context);

    /**
     * Throws {@link SealException} when the wrapped bytes, the context or the key do not match, and
     * {@link KekCallException} when the KEK could not be asked (a remote KEK unreachable, access denied, ...).
     */
    byte[] unwrap(byte[] wrapped, DataKeyContext context);

    /** Proves the KEK can wrap and unwrap now (a remote round trip where there is one); throws like the calls. */
    default void check() {
    }
}
