package io.authio.core.keys;

import java.util.Arrays;
import java.util.Base64;

/**
 * The at-rest form of a data key, wrapped by a KEK bound to the realm and version ({@link DataKeyContext}):
 * {@code w1.<base64url(iv[12] | AES-GCM(data key) | tag[16])>} for keystore and HSM KEKs, {@code k1.<base64url(KMS
 * ciphertext blob)>} for AWS KMS. A wrapped key copied to another realm or version therefore fails to unwrap.
 */
public final class DataKeyWrap {

    public static final String FORMAT_AES_GCM = "w1";
    public static final String FORMAT_KMS = "k1";
    /** The w1 prefix, kept for callers that check stored values. */
    public static final String PREFIX = FORMAT_AES_GCM + ".";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private DataKeyWrap() {
    }

    public static String wrap(Kek kek, String realmId, DataKey key) {
        DataKeyContext context = new DataKeyContext(realmId, key.version());
        return kek.format() + "." + ENCODER.encodeToString(kek.wrap(key.materialView(), context));
    }

    public static DataKey unwrap(Kek kek, String realmId, int version, String wrapped) {
        String prefix = kek.format() + ".";
        if (wrapped == null || !wrapped.startsWith(prefix) || wrapped.length() > 1024) {
            throw new SealException("not a " + kek.format() + " wrapped data key");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(wrapped.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new SealException("not a " + kek.format() + " wrapped data key");
        }
        byte[] material = kek.unwrap(bytes, new DataKeyContext(realmId, version));
        try {
            if (material.length != ChaCha20Poly1305.KEY_BYTES) {
                throw new SealException("unwrapped data key has the wrong length");
            }
            return DataKey.of(version, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }
}
