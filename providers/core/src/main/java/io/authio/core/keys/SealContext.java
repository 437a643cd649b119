package io.authio.core.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where a sealed value belongs: realm, purpose (e.g. {@code webhook-secret}, {@code signing-key}) and the id
 * of the record holding it. It is authenticated as associated data, so a value copied to another record,
 * another purpose or another realm fails to open.
 */
public record SealContext(String realmId, String purpose, String recordId) {

    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final byte[] LABEL = "authio.seal.v1".getBytes(StandardCharsets.US_ASCII);

    public SealContext {
        requireId("realm id", realmId);
        requireId("record id", recordId);
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must match " + PURPOSE.pattern());
        }
    }

    /**
     * The associated data of format v1: label, 0x00, the data key version (4 bytes, big-endian), then realm,
     * purpose and record id, each as a 2-byte length and UTF-8 bytes. Length prefixes keep the encoding
     * unambiguous ("a" + "bc" never equals "ab" + "c").
     */
    public byte[] associatedData(int dataKeyVersion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(LABEL);
        out.write(0);
        out.write(dataKeyVersion >>> 24);
        out.write(dataKeyVersion >>> 16);
        out.write(dataKeyVersion >>> 8);
        out.write(dataKeyVersion);
        field(out, realmId);
        field(out, purpose);
        field(out, recordId);
        return out.toByteArray();
    }

    static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void requireId(String name, String value) {
        if (value == null || value.isEmpty() || value.length() > 255) {
            throw new IllegalArgumentException(name + " must be 1 to 255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(name + " must not contain control characters");
            }
        }
    }
}
