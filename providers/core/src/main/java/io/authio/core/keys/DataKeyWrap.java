package io.authio.core.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The at-rest form of a data key, format w1: {@code w1.<base64url(iv[12] | AES-GCM(data key) | tag[16])>},
 * wrapped by a KEK with associated data binding the realm and version. A wrapped key copied to another realm
 * or version therefore fails to unwrap.
 */
public final class DataKeyWrap {

    public static final String PREFIX = "w1.";
    private static final byte[] LABEL = "authio.dek.v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private DataKeyWrap() {
    }

    public static String wrap(Kek kek, String realmId, DataKey key) {
        return PREFIX + ENCODER.encodeToString(kek.wrap(key.materialView(), associatedData(realmId, key.version())));
    }

    public static DataKey unwrap(Kek kek, String realmId, int version, String wrapped) {
        if (wrapped == null || !wrapped.startsWith(PREFIX) || wrapped.length() > 1024) {
            throw new SealException("not a w1 wrapped data key");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(wrapped.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SealException("not a w1 wrapped data key");
        }
        byte[] material = kek.unwrap(bytes, associatedData(realmId, version));
        try {
            if (material.length != ChaCha20Poly1305.KEY_BYTES) {
                throw new SealException("unwrapped data key has the wrong length");
            }
            return DataKey.of(version, material);
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    /** Label, 0x00, version (4 bytes big-endian), realm id as a 2-byte length and UTF-8 bytes. */
    static byte[] associatedData(String realmId, int version) {
        if (realmId == null || realmId.isEmpty()) {
            throw new IllegalArgumentException("a data key belongs to a realm");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        out.writeBytes(LABEL);
        out.write(0);
        out.write(version >>> 24);
        out.write(version >>> 16);
        out.write(version >>> 8);
        out.write(version);
        SealContext.field(out, realmId);
        return out.toByteArray();
    }
}
