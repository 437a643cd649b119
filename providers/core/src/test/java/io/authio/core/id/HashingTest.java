package io.authio.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HashingTest {

    @Test
    void sha256HexMatchesTheStandardVectors() {
        // FIPS 180-2 test vectors
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hashing.sha256Hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.sha256Hex("abc"));
    }

    @Test
    void textIsHashedAsUtf8() {
        // "é" is c3 a9 in UTF-8: a platform charset would give another digest
        assertEquals(Hashing.hex(Hashing.sha256().digest(new byte[] {(byte) 0xc3, (byte) 0xa9})), Hashing.sha256Hex("é"));
    }

    @Test
    void hmacSha256HexMatchesRfc4231() {
        // RFC 4231 test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Hashing.hmacSha256Hex("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"));
    }

    @Test
    void hexIsLowerCase() {
        assertEquals("00ff7f", Hashing.hex(new byte[] {0, (byte) 0xff, 0x7f}));
    }
}
