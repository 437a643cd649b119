package io.authio.core.magiclink;

import static io.authio.core.magiclink.LinkCheck.Verdict.EXPIRED;
import static io.authio.core.magiclink.LinkCheck.Verdict.NOT_BOUND;
import static io.authio.core.magiclink.LinkCheck.Verdict.REVOKED;
import static io.authio.core.magiclink.LinkCheck.Verdict.UNKNOWN;
import static io.authio.core.magiclink.LinkCheck.Verdict.USED;
import static io.authio.core.magiclink.LinkCheck.Verdict.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinkCheckTest {

    private static final String T = MagicLinkTokens.tokenDigest("a".repeat(43));
    private static final String NEWER = MagicLinkTokens.tokenDigest("b".repeat(43));
    private static final LinkRecord R = new LinkRecord("realm", "root-1", "tab-1", "client", "user", "a@x.io", 1_000, 601_000);

    @Test
    void aFreshLinkInItsOwnTabIsValid() {
        assertEquals(VALID, LinkCheck.check(T, R, false, T, "root-1", "tab-1", 2_000));
    }

    @Test
    void theRulesApplyInOrderUsedUnknownExpiredRevokedUnbound() {
        assertEquals(USED, LinkCheck.check(T, null, true, null, null, null, 2_000));
        assertEquals(UNKNOWN, LinkCheck.check(T, null, false, T, "root-1", "tab-1", 2_000));
        assertEquals(EXPIRED, LinkCheck.check(T, R, false, T, "root-1", "tab-1", 601_000));
        assertEquals(REVOKED, LinkCheck.check(T, R, false, NEWER, "root-1", "tab-1", 2_000));
        assertEquals(REVOKED, LinkCheck.check(T, R, false, null, "root-1", "tab-1", 2_000));
        assertEquals(NOT_BOUND, LinkCheck.check(T, R, false, T, "root-2", "tab-1", 2_000));
        assertEquals(NOT_BOUND, LinkCheck.check(T, R, false, T, "root-1", "tab-2", 2_000));
        assertEquals(NOT_BOUND, LinkCheck.check(T, R, false, T, null, null, 2_000));
    }

    @Test
    void aLinkOpensOnlyTheAccountThatStillHoldsItsVerifiedAddress() {
        assertEquals(VALID, LinkCheck.account(R, "a@x.io", true));
        assertEquals(VALID, LinkCheck.account(R, "A@X.IO", true), "addresses compare case-insensitively");
        assertEquals(LinkCheck.Verdict.EMAIL_CHANGED, LinkCheck.account(R, "ceo@victim.test", false));
        assertEquals(LinkCheck.Verdict.EMAIL_CHANGED, LinkCheck.account(R, "ceo@victim.test", true));
        assertEquals(LinkCheck.Verdict.EMAIL_CHANGED, LinkCheck.account(R, null, true), "an account without an address");
        assertEquals(LinkCheck.Verdict.EMAIL_UNVERIFIED, LinkCheck.account(R, "a@x.io", false));
        assertEquals("email_unverified", LinkCheck.Verdict.EMAIL_UNVERIFIED.reason());
    }

    @Test
    void recordsSurviveTheNotesRoundTripWithoutSecrets() {
        var notes = R.toNotes();
        assertEquals(R, LinkRecord.fromNotes(notes));
        assertEquals(null, LinkRecord.fromNotes(java.util.Map.of("x", "y")));
        var noUser = new LinkRecord("realm", "root", "tab", "client", null, "new@x.io", 1, 2);
        assertEquals(noUser, LinkRecord.fromNotes(noUser.toNotes()));
        assertEquals("not_bound", NOT_BOUND.reason(), "verdict reasons are stable");
    }
}
