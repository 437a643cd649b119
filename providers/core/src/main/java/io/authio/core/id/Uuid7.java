package io.authio.core.id;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered identifiers (RFC 9562 UUID version 7): 48 bits of Unix milliseconds, then random bits.
 * Rows keyed by them cluster by insertion time, which keeps B-tree inserts at the right edge and makes
 * "newest first" an index scan.
 */
public final class Uuid7 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuid7() {
    }

    public static String next() {
        return at(System.currentTimeMillis()).toString();
    }

    public static UUID at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16;
        msb |= 0x7000L; // version 7
        msb |= ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL); // rand_a (12 bits)
        long lsb = 0x8000_0000_0000_0000L; // variant 10
        lsb |= (random[2] & 0x3FL) << 56;
        for (int i = 3; i < 10; i++) {
            lsb |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb);
    }

    /** Milliseconds since the epoch encoded in a version-7 UUID. */
    public static long timestampOf(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("not a version 7 UUID");
        }
        return uuid.getMostSignificantBits() >>> 16;
    }
}
