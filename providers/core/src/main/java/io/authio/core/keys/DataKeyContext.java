package io.authio.core.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a wrapped data key is bound to: its realm and version. A KEK authenticates it with every wrap, so a
 * wrapped key copied to another realm or version does not unwrap. Local KEKs use it as AES-GCM associated data
 * ({@link #associatedData()}); AWS KMS as the encryption context ({@link #encryptionContext()}), which KMS also
 * writes to CloudTrail and which IAM policies can match.
 */
public record DataKeyContext(String realmId, int version) {

    private static final byte[] LABEL = "authio.dek.v1".getBytes(StandardCharsets.US_ASCII);
    public static final String CONTEXT_PURPOSE = "authio:purpose";
    public static final String CONTEXT_REALM = "authio:realm";
    public static final String CONTEXT_VERSION = "authio:data-key-version";

    public DataKeyContext {
        if (realmId == null || realmId.isEmpty()) {
            throw new IllegalArgumentException("a data key belongs to a realm");
        }
        if (version < 1) {
            throw new IllegalArgumentException("data key versions start at 1");
        }
    }

    /** Label, 0x00, version (4 bytes big-endian), realm id as a 2-byte length and UTF-8 bytes (format w1). */
    public byte[] associatedData() {
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

    /** {@code authio:purpose=data-key}, {@code authio:realm=<realm id>}, {@code authio:data-key-version=<n>}. */
    public Map<String, String> encryptionContext() {
        return Map.of(CONTEXT_PURPOSE, "data-key", CONTEXT_REALM, realmId, CONTEXT_VERSION, Integer.toString(version));
    }
}
