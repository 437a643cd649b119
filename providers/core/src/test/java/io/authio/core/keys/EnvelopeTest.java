package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Sealing under realm data keys: format, fixed vectors, context binding, tampering, re-sealing. */
class EnvelopeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SealContext CTX = new SealContext("realm-1", "webhook-secret", "endpoint-42");
    private static final byte[] SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.UTF_8);

    /** A realm's data keys held in memory, as the Keycloak side holds unwrapped keys. */
    static final class Keys implements Envelope.DataKeys {
        final TreeMap<Integer, DataKey> byVersion = new TreeMap<>();

        Keys add(DataKey key) {
            byVersion.put(key.version(), key);
            return this;
        }

        Keys rotate() {
            return add(DataKey.generate(byVersion.isEmpty() ? 1 : byVersion.lastKey() + 1));
        }

        @Override
        public DataKey current() {
            return byVersion.lastEntry().getValue();
        }

        @Override
        public DataKey version(int version) {
            DataKey key = byVersion.get(version);
            if (key == null) {
                throw new SealException("no data key version " + version);
            }
            return key;
        }
    }

    @Test
    void aFixedVectorOpensAndSealsToTheSameText() {
        // computed independently (Python cryptography / OpenSSL) from the documented layout; a v1 value must open forever
        DataKey key = DataKey.of(7, HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        byte[] nonce = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
        String expected = "v1.7.oKGio6Slpqeoqaqre8MLOi65j8vrXspmxL22ouwsh8gpPzDnjJGX4SsrrD4g4Vrr_b4MyCR26IKpQxrRBfBAvPT-";

        assertEquals(expected, Envelope.seal(key, CTX, SECRET, nonce));
        assertArrayEquals(SECRET, Envelope.open(new Keys().add(key), CTX, expected));
    }

    @Test
    void theAssociatedDataLayoutIsFixed() {
        assertEquals("61757468696f2e7365616c2e763100" + "00000007" + "0007" + "7265616c6d2d31" + "000e"
                        + "776562686f6f6b2d736563726574" + "000b" + "656e64706f696e742d3432",
                HEX.formatHex(CTX.associatedData(7)));
    }

    @Test
    void roundTripsSecretsOfAnySize() {
        Keys keys = new Keys().rotate();
        for (int size : new int[] {0, 1, 15, 16, 17, 64, 1218, 4096, 20_000}) {
            byte[] secret = new byte[size];
            new java.util.Random(size).nextBytes(secret);
            String sealed = Envelope.seal(keys.current(), CTX, secret);
            assertTrue(sealed.matches("v1\\.1\\.[A-Za-z0-9_-]+"), sealed);
            assertArrayEquals(secret, Envelope.open(keys, CTX, sealed), "size " + size);
        }
    }

    @Test
    void sealingTheSameSecretTwiceGivesDifferentText() {
        Keys keys = new Keys().rotate();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(Envelope.seal(keys.current(), CTX, SECRET)), "fresh random nonce every time");
        }
    }

    @Test
    void everyFlippedBitOfTheSealedBytesFails() {
        Keys keys = new Keys().rotate();
        String sealed = Envelope.seal(keys.current(), CTX, SECRET);
        String prefix = sealed.substring(0, sealed.lastIndexOf('.') + 1);
        byte[] payload = Base64.getUrlDecoder().decode(sealed.substring(prefix.length()));
        for (int bit = 0; bit < payload.length * 8; bit++) {
            byte[] altered = payload.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            String text = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertThrows(SealException.class, () -> Envelope.open(keys, CTX, text), "bit " + bit);
        }
    }

    @Test
    void everyChangedCharacterOfTheTextFails() {
        Keys keys = new Keys().rotate().rotate();
        String sealed = Envelope.seal(keys.version(1), CTX, SECRET);
        for (int i = 0; i < sealed.length(); i++) {
            for (char c : new char[] {'A', 'z', '0', '2', '-', '_', '.', '=', '+', '/', ' '}) {
                if (sealed.charAt(i) == c) {
                    continue;
                }
                String altered = sealed.substring(0, i) + c + sealed.substring(i + 1);
                assertThrows(SealException.class, () -> Envelope.open(keys, CTX, altered), "position " + i + " -> " + c);
            }
        }
    }

    @Test
    void anotherRealmPurposeOrRecordCannotOpenIt() {
        Keys keys = new Keys().rotate();
        String sealed = Envelope.seal(keys.current(), CTX, SECRET);
        for (SealContext other : List.of(
                new SealContext("realm-2", "webhook-secret", "endpoint-42"),
                new SealContext("realm-1", "siem-credential", "endpoint-42"),
                new SealContext("realm-1", "webhook-secret", "endpoint-43"),
                // length prefixes: shifting characters between fields is a different context
                new SealContext("realm-1w", "ebhook-secret", "endpoint-42"),
                new SealContext("realm-1", "webhook-secret", "endpoint-42 "))) {
            assertThrows(SealException.class, () -> Envelope.open(keys, other, sealed), other.toString());
        }
    }

    @Test
    void aWrongKeyOrAnotherVersionsKeyFails() {
        Keys keys = new Keys().rotate().rotate();
        String sealedV1 = Envelope.seal(keys.version(1), CTX, SECRET);
        Keys impostor = new Keys().rotate().rotate();
        assertThrows(SealException.class, () -> Envelope.open(impostor, CTX, sealedV1));
        // claiming version 2 for a value sealed under version 1: the version is authenticated too
        String relabelled = "v1.2." + sealedV1.substring("v1.1.".length());
        assertThrows(SealException.class, () -> Envelope.open(keys, CTX, relabelled));
        // the same key bytes under another version number do not open it either
        Keys sameBytes = new Keys().add(DataKey.of(2, keys.version(1).material()));
        assertThrows(SealException.class, () -> Envelope.open(sameBytes, CTX, relabelled));
        assertThrows(SealException.class, () -> Envelope.open(keys, CTX, "v1.9." + sealedV1.substring("v1.1.".length())),
                "unknown version");
    }

    @Test
    void malformedTextIsRefusedBeforeAnyCrypto() {
        Keys keys = new Keys().rotate();
        String good = Envelope.seal(keys.current(), CTX, SECRET);
        String payload = good.substring("v1.1.".length());
        Map<String, String> cases = Map.ofEntries(
                Map.entry("empty", ""),
                Map.entry("no version", "v1." + payload),
                Map.entry("format v2", "v2.1." + payload),
                Map.entry("uppercase prefix", "V1.1." + payload),
                Map.entry("version 0", "v1.0." + payload),
                Map.entry("leading zero", "v1.01." + payload),
                Map.entry("negative", "v1.-1." + payload),
                Map.entry("huge version", "v1.99999999999." + payload),
                Map.entry("padding", good + "=="),
                Map.entry("standard base64", "v1.1." + payload.replace('-', '+').replace('_', '/') + "+/"),
                Map.entry("whitespace", good + " "),
                Map.entry("newline", good + "\n"),
                Map.entry("too short", "v1.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                Map.entry("non-canonical last char", "v1.1." + payload.substring(0, payload.length() - 1)
                        + nonCanonical(payload.charAt(payload.length() - 1), payload.length())),
                Map.entry("oversized", "v1.1." + "A".repeat(SealedValue.MAX_LENGTH)));
        cases.forEach((name, text) -> assertThrows(SealException.class, () -> Envelope.open(keys, CTX, text), name));
        assertThrows(SealException.class, () -> Envelope.open(keys, CTX, null));
    }

    @Test
    void resealMovesOldValuesToTheNewestKeyAndLeavesNewestOnesAlone() {
        Keys keys = new Keys().rotate();
        String v1 = Envelope.seal(keys.current(), CTX, SECRET);
        keys.rotate().rotate();

        String moved = Envelope.reseal(keys, CTX, v1);

        assertEquals(3, SealedValue.versionOf(moved));
        assertNotEquals(v1, moved);
        assertArrayEquals(SECRET, Envelope.open(keys, CTX, moved));
        assertSame(moved, Envelope.reseal(keys, CTX, moved), "already on the newest key: unchanged");
        // the old value still opens until its data key is destroyed
        assertArrayEquals(SECRET, Envelope.open(keys, CTX, v1));
        keys.byVersion.remove(1);
        assertThrows(SealException.class, () -> Envelope.open(keys, CTX, v1));
        assertArrayEquals(SECRET, Envelope.open(keys, CTX, moved));
    }

    @Test
    void resealRefusesValuesThatDoNotAuthenticate() {
        Keys keys = new Keys().rotate();
        String v1 = Envelope.seal(keys.current(), CTX, SECRET);
        keys.rotate();
        assertThrows(SealException.class, () -> Envelope.reseal(keys, new SealContext("realm-1", "webhook-secret", "other"), v1));
    }

    @Test
    void contextsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SealContext("", "p", "r"));
        assertThrows(IllegalArgumentException.class, () -> new SealContext("r", "Upper", "r"));
        assertThrows(IllegalArgumentException.class, () -> new SealContext("r", "p", "x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> new SealContext("r", "p", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> new SealContext(null, "p", "r"));
    }

    /** A different last character that decodes to the same bytes (non-zero unused bits). */
    private static char nonCanonical(char last, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        int unusedBits = switch (length % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        return unusedBits == 0 ? '=' : alphabet.charAt(value | 1);
    }
}
