package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The primitive against RFC 8439 section 2.8.2, and its refusal of anything altered. */
class ChaCha20Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    static final byte[] NONCE = HEX.parseHex("070000004041424344454647");
    static final byte[] AAD = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
    static final byte[] PLAINTEXT = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
            + "the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    static final byte[] CIPHERTEXT = HEX.parseHex(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116");
    static final byte[] TAG = HEX.parseHex("1ae10b594f09e26a7e902ecbd0600691");

    @Test
    void encryptsTheRfc8439AeadVector() {
        byte[] sealed = ChaCha20Poly1305.encrypt(KEY, NONCE, AAD, PLAINTEXT);
        assertEquals(PLAINTEXT.length + 16, sealed.length);
        assertEquals(HEX.formatHex(CIPHERTEXT) + HEX.formatHex(TAG), HEX.formatHex(sealed));
    }

    @Test
    void decryptsTheRfc8439AeadVector() {
        assertArrayEquals(PLAINTEXT, ChaCha20Poly1305.decrypt(KEY, NONCE, AAD, concat(CIPHERTEXT, TAG)));
    }

    @Test
    void everyFlippedBitOfCiphertextOrTagFails() {
        byte[] sealed = concat(CIPHERTEXT, TAG);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] altered = sealed.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, AAD, altered), "bit " + bit);
        }
    }

    @Test
    void wrongAssociatedDataKeyOrNonceFails() {
        byte[] sealed = concat(CIPHERTEXT, TAG);
        for (int bit = 0; bit < AAD.length * 8; bit++) {
            byte[] aad = AAD.clone();
            aad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, aad, sealed));
        }
        assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, new byte[0], sealed));
        for (int i = 0; i < KEY.length; i++) {
            byte[] key = KEY.clone();
            key[i] ^= 0x01;
            assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(key, NONCE, AAD, sealed));
        }
        for (int i = 0; i < NONCE.length; i++) {
            byte[] nonce = NONCE.clone();
            nonce[i] ^= 0x01;
            assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, nonce, AAD, sealed));
        }
    }

    @Test
    void truncatedOrExtendedInputFails() {
        byte[] sealed = concat(CIPHERTEXT, TAG);
        assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, AAD, java.util.Arrays.copyOf(sealed, sealed.length - 1)));
        assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, AAD, java.util.Arrays.copyOf(sealed, sealed.length + 1)));
        assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, AAD, TAG));
        assertThrows(SealException.class, () -> ChaCha20Poly1305.decrypt(KEY, NONCE, AAD, new byte[15]));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
