package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** Data keys at rest: wrapped by a KEK with AES-GCM, bound to realm and version. */
class DataKeyWrapTest {

    private static final Kek KEK = new AesGcmKek("keystore:test", new SecretKeySpec(HexFormat.of().parseHex("c0".repeat(32)), "AES"), null);

    @Test
    void aFixedWrappedKeyUnwraps() {
        // computed independently (Python cryptography / OpenSSL AES-GCM) from the documented layout
        String wrapped = "w1.sLGys7S1tre4ubq7WNAZFFWvba0_nGXz6dKSPRNynfnp08U7K3wzuw5ExReysq_jiAldS3PpGuin9RfR";
        DataKey key = DataKeyWrap.unwrap(KEK, "realm-1", 3, wrapped);
        assertEquals(3, key.version());
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) (32 + i);
        }
        assertArrayEquals(expected, key.material());
    }

    @Test
    void roundTripsAndNeverStoresTheKeyInTheClear() {
        DataKey key = DataKey.generate(1);
        String wrapped = DataKeyWrap.wrap(KEK, "realm-1", key);
        assertTrue(wrapped.startsWith("w1."));
        assertEquals(key, DataKeyWrap.unwrap(KEK, "realm-1", 1, wrapped));
        byte[] stored = Base64.getUrlDecoder().decode(wrapped.substring(3));
        String storedHex = HexFormat.of().formatHex(stored);
        assertTrue(!storedHex.contains(HexFormat.of().formatHex(key.material()).substring(0, 16)), "no key bytes at rest");
        assertNotEquals(wrapped, DataKeyWrap.wrap(KEK, "realm-1", key), "random IV per wrap");
    }

    @Test
    void anotherRealmVersionOrKekCannotUnwrapIt() {
        DataKey key = DataKey.generate(2);
        String wrapped = DataKeyWrap.wrap(KEK, "realm-1", key);
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(KEK, "realm-2", 2, wrapped));
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(KEK, "realm-1", 1, wrapped));
        Kek other = new AesGcmKek("keystore:other", new SecretKeySpec(HexFormat.of().parseHex("c1".repeat(32)), "AES"), null);
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(other, "realm-1", 2, wrapped));
    }

    @Test
    void everyFlippedBitFails() {
        String wrapped = DataKeyWrap.wrap(KEK, "realm-1", DataKey.generate(1));
        byte[] bytes = Base64.getUrlDecoder().decode(wrapped.substring(3));
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] altered = bytes.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            String text = "w1." + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertThrows(SealException.class, () -> DataKeyWrap.unwrap(KEK, "realm-1", 1, text), "bit " + bit);
        }
        for (String bad : List.of("", "w2." + wrapped.substring(3), "w1.", "w1.!!!", "w1.AAAA")) {
            assertThrows(SealException.class, () -> DataKeyWrap.unwrap(KEK, "realm-1", 1, bad), bad);
        }
    }

    @Test
    void kekSetsFindKeysById() {
        Kek previous = new AesGcmKek("keystore:old", new SecretKeySpec(new byte[32], "AES"), null);
        KekSet set = new KekSet(KEK, List.of(previous));
        assertEquals(KEK, set.current());
        assertEquals(previous, set.find("keystore:old").orElseThrow());
        assertTrue(set.find("keystore:missing").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new KekSet(KEK, List.of(KEK)));
        assertThrows(IllegalArgumentException.class,
                () -> new AesGcmKek("x", new SecretKeySpec(new byte[32], "HmacSHA256"), null), "only AES keys");
    }
}
