package io.authio.core.keys;

import java.util.Arrays;
import java.util.Base64;

/**
 * The text form of a sealed value, format v1:
 *
 * <pre>v1.&lt;data key version&gt;.&lt;base64url(nonce[12] | ciphertext | tag[16]), no padding&gt;</pre>
 *
 * ASCII only (fits VARCHAR and NCLOB columns), self-describing (format and data key version are readable
 * without any key), and everything after the version is authenticated: the version is also bound into the
 * associated data.
 */
public record SealedValue(int dataKeyVersion, byte[] nonce, byte[] ciphertextAndTag) {

    public static final String PREFIX = "v1.";
    /** Generous bound (a 4096-bit RSA key in PKCS#8 seals to about 3.2 KB) that keeps hostile input cheap to reject. */
    public static final int MAX_LENGTH = 65_536;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public SealedValue {
        if (dataKeyVersion < 1) {
            throw new IllegalArgumentException("data key versions start at 1");
        }
        if (nonce.length != ChaCha20Poly1305.NONCE_BYTES || ciphertextAndTag.length < ChaCha20Poly1305.TAG_BYTES) {
            throw new IllegalArgumentException("malformed sealed value parts");
        }
    }

    public String format() {
        byte[] payload = new byte[nonce.length + ciphertextAndTag.length];
        System.arraycopy(nonce, 0, payload, 0, nonce.length);
        System.arraycopy(ciphertextAndTag, 0, payload, nonce.length, ciphertextAndTag.length);
        return PREFIX + dataKeyVersion + "." + ENCODER.encodeToString(payload);
    }

    /** Parses strictly: any deviation from the canonical form is a {@link SealException}. */
    public static SealedValue parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !text.startsWith(PREFIX)) {
            throw new SealException("not a v1 sealed value");
        }
        int dot = text.indexOf('.', PREFIX.length());
        if (dot < 0) {
            throw new SealException("not a v1 sealed value");
        }
        int version = parseVersion(text.substring(PREFIX.length(), dot));
        String payloadText = text.substring(dot + 1);
        for (int i = 0; i < payloadText.length(); i++) {
            char c = payloadText.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!base64url) {
                throw new SealException("not a v1 sealed value");
            }
        }
        byte[] payload;
        try {
            payload = DECODER.decode(payloadText);
        } catch (IllegalArgumentException e) {
            throw new SealException("not a v1 sealed value");
        }
        // Canonical encoding only: a second spelling of the same bytes would let two strings mean one value.
        if (!ENCODER.encodeToString(payload).equals(payloadText)) {
            throw new SealException("not a v1 sealed value");
        }
        if (payload.length < ChaCha20Poly1305.NONCE_BYTES + ChaCha20Poly1305.TAG_BYTES) {
            throw new SealException("sealed value is truncated");
        }
        return new SealedValue(version,
                Arrays.copyOfRange(payload, 0, ChaCha20Poly1305.NONCE_BYTES),
                Arrays.copyOfRange(payload, ChaCha20Poly1305.NONCE_BYTES, payload.length));
    }

    /** The data key version a sealed value needs, read without opening it. */
    public static int versionOf(String text) {
        return parse(text).dataKeyVersion();
    }

    private static int parseVersion(String digits) {
        if (digits.isEmpty() || digits.length() > 9 || digits.charAt(0) == '0') {
            throw new SealException("not a v1 sealed value");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new SealException("not a v1 sealed value");
            }
        }
        return Integer.parseInt(digits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedValue other && other.dataKeyVersion == dataKeyVersion
                && Arrays.equals(other.nonce, nonce) && Arrays.equals(other.ciphertextAndTag, ciphertextAndTag);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dataKeyVersion + Arrays.hashCode(nonce)) + Arrays.hashCode(ciphertextAndTag);
    }

    @Override
    public String toString() {
        return "SealedValue[v" + dataKeyVersion + ", " + ciphertextAndTag.length + " bytes]";
    }
}
