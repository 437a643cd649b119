package io.authio.core.keys;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A KEK that is an AES key, used with AES-GCM (random 96-bit IV, 128-bit tag) so the wrap also authenticates
 * the data key's realm and version. With a PKCS#11 provider the key never leaves the HSM: the cipher
 * operations run on the token.
 */
public final class AesGcmKek implements Kek {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final Key key;
    private final Provider provider;

    /** @param provider the provider that holds the key (SunPKCS11), or null for the JDK's default */
    public AesGcmKek(String id, Key key, Provider provider) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a KEK needs an id");
        }
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("KEK " + id + " is a " + key.getAlgorithm() + " key, expected AES");
        }
        this.id = id;
        this.key = key;
        this.provider = provider;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] wrap(byte[] keyMaterial, DataKeyContext context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.associatedData());
            byte[] sealed = cipher.doFinal(keyMaterial);
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KEK " + id + " could not wrap a data key: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, DataKeyContext context) {
        if (wrapped.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealException("wrapped data key is truncated");
        }
        try {
            Cipher cipher = cipher();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, IV_BYTES));
            cipher.updateAAD(context.associatedData());
            return cipher.doFinal(Arrays.copyOfRange(wrapped, IV_BYTES, wrapped.length));
        } catch (AEADBadTagException e) {
            throw new SealException("KEK " + id + " cannot unwrap this data key (different key, or the row was altered)");
        } catch (GeneralSecurityException e) {
            throw new SealException("KEK " + id + " failed to unwrap a data key: " + e.getMessage(), e);
        }
    }

    private Cipher cipher() throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
    }

    @Override
    public String toString() {
        return "Kek[" + id + "]";
    }
}
