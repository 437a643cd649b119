package io.authio.core.keys;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AEAD of RFC 8439 through the JDK's own "ChaCha20-Poly1305" cipher (SunJCE): no third-party crypto.
 * A fresh cipher per call, because the JDK refuses to re-initialise one with the same key and nonce.
 */
public final class ChaCha20Poly1305 {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "ChaCha20-Poly1305";

    private ChaCha20Poly1305() {
    }

    /** Returns ciphertext followed by the 16-byte tag. */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is not available in this JVM", e);
        }
    }

    /** Opens ciphertext-and-tag; any mismatch of key, nonce, associated data or bytes fails, never returns garbage. */
    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) {
        if (ciphertextAndTag.length < TAG_BYTES) {
            throw new SealException("sealed value is truncated");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new SealException("sealed value does not authenticate (wrong key, wrong context or altered)");
        } catch (GeneralSecurityException e) {
            throw new SealException("sealed value cannot be opened", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 keys are 32 bytes");
        }
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 nonces are 12 bytes");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        return cipher;
    }
}
