package io.authio.core.magiclink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MagicLinkTokensTest {

    @Test
    void tokensAre256RandomBitsInBase64Url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = MagicLinkTokens.newToken();
            assertEquals(MagicLinkTokens.TOKEN_LENGTH, t.length());
            assertTrue(MagicLinkTokens.isWellFormedToken(t), t);
            assertTrue(seen.add(t));
        }
    }

    @Test
    void malformedTokensAreRecognisedBeforeAnyLookup() {
        assertFalse(MagicLinkTokens.isWellFormedToken(null));
        assertFalse(MagicLinkTokens.isWellFormedToken(""));
        assertFalse(MagicLinkTokens.isWellFormedToken("abc"));
        assertFalse(MagicLinkTokens.isWellFormedToken("a".repeat(42) + "="));
        assertFalse(MagicLinkTokens.isWellFormedToken("a".repeat(44)));
    }

    @Test
    void codesAreSixDigitsAndTypedCodesAreNormalized() {
        for (int i = 0; i < 200; i++) {
            String c = MagicLinkTokens.newCode();
            assertTrue(c.matches("[0-9]{6}"), c);
        }
        assertEquals("123456", MagicLinkTokens.normalizeCode(" 123-456 "));
        assertEquals("012345", MagicLinkTokens.normalizeCode("012 345"));
        assertNull(MagicLinkTokens.normalizeCode("12345"));
        assertNull(MagicLinkTokens.normalizeCode("abcdef"));
        assertNull(MagicLinkTokens.normalizeCode(null));
    }

    @Test
    void aCodeDigestIsBoundToItsToken() {
        String t1 = MagicLinkTokens.tokenDigest(MagicLinkTokens.newToken());
        String t2 = MagicLinkTokens.tokenDigest(MagicLinkTokens.newToken());
        String c1 = MagicLinkTokens.codeDigest(t1, "123456");
        assertTrue(MagicLinkTokens.matches(c1, MagicLinkTokens.codeDigest(t1, "123456")));
        assertFalse(MagicLinkTokens.matches(c1, MagicLinkTokens.codeDigest(t2, "123456")));
        assertFalse(MagicLinkTokens.matches(c1, MagicLinkTokens.codeDigest(t1, "123457")));
        assertFalse(MagicLinkTokens.matches(null, c1));
        assertFalse(MagicLinkTokens.matches(c1, null));
    }

    @Test
    void theTokenDigestIsAStableHexSha256AndTheLogLabelRevealsLittle() {
        String d = MagicLinkTokens.tokenDigest("x".repeat(43));
        assertEquals(64, d.length());
        assertEquals(d, MagicLinkTokens.tokenDigest("x".repeat(43)));
        assertNotEquals(d, MagicLinkTokens.tokenDigest("y".repeat(43)));
        assertEquals(12, MagicLinkTokens.logLabel(d).length());
        assertFalse(d.contains("xxx"));
    }

    @Test
    void emailsAreNormalizedForLookupAndRateLimits() {
        assertEquals("alice@example.test", MagicLinkTokens.normalizeEmail("  Alice@Example.TEST "));
        assertNull(MagicLinkTokens.normalizeEmail("not an email"));
        assertNull(MagicLinkTokens.normalizeEmail("a@b"));
        assertNull(MagicLinkTokens.normalizeEmail(null));
        assertNull(MagicLinkTokens.normalizeEmail("a".repeat(250) + "@x.io"));
    }
}
