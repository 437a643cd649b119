package io.authio.core.keys;

/**
 * A key-encryption key: wraps data keys and nothing else. Implementations may keep the key material out of
 * this process entirely (an HSM through PKCS#11), so the contract is wrap and unwrap, never "give me the key".
 */
public interface Kek {

    /** Stable identifier stored next to every data key it wrapped, e.g. {@code keystore:authio-kek}. */
    String id();

    byte[] wrap(byte[] keyMaterial, byte[] associatedData);

    /** Throws {@link SealException} when the wrapped bytes, the associated data or the key do not match. */
    byte[] unwrap(byte[] wrapped, byte[] associatedData);
}
