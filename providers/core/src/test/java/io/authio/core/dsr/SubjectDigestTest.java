package io.authio.core.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class SubjectDigestTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** Computed independently: printf '%s' "$(printf alice@example.com | openssl dgst -sha256 -r | cut -d' ' -f1)" | openssl dgst -sha256 -mac HMAC -macopt hexkey:00..1f */
    @Test
    void matchesAnIndependentlyComputedVector() {
        assertEquals("ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976", SubjectDigest.sha256("alice@example.com"));
        assertEquals("b57cb258608f7c0514ded314342195e1779eb069e0db6deb2c2d5854ed76f36c", SubjectDigest.of(KEY, "alice@example.com"));
    }

    @Test
    void aStoredPlainDigestIsKeyedInPlace() {
        assertEquals(SubjectDigest.of(KEY, "bob@example.com"), SubjectDigest.fromSha256(KEY, SubjectDigest.sha256("bob@example.com")));
    }

    @Test
    void anotherKeyGivesAnotherDigestAndTheKeyMustBe256Bits() {
        assertNotEquals(SubjectDigest.of(KEY, "alice@example.com"), SubjectDigest.of(SubjectDigest.newKey(), "alice@example.com"));
        assertThrows(IllegalArgumentException.class, () -> SubjectDigest.of(new byte[16], "alice@example.com"));
    }
}
