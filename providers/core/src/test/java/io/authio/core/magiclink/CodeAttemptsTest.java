package io.authio.core.magiclink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.authio.core.magiclink.CodeAttempts.Verdict;
import io.authio.core.ratelimit.RateLimit;

class CodeAttemptsTest {

    private static final long NOW = 1_700_000_000_000L;

    /** The budgets as the shared database keeps them: one stored TAT per limit and key, charged on every attempt. */
    private final Map<String, Long> tats = new HashMap<>();

    private RateLimit.Decision charge(RateLimit limit, String key) {
        String id = limit.name() + "/" + key;
        RateLimit.Decision d = limit.decide(NOW, tats.getOrDefault(id, -1L));
        if (d.allowed()) {
            tats.put(id, d.newTat());
        }
        return d;
    }

    /** One typed code, as the authenticator runs it; null stands for a cool-down (the link not charged). */
    private Verdict attempt(MagicLinkPolicy policy, String notedBudget, String link, boolean right) {
        RateLimit.Decision account = charge(policy.codesPerAccount(), CodeAttempts.accountBudget(notedBudget, link));
        if (CodeAttempts.coolsDown(account)) {
            return null;
        }
        RateLimit.Decision l = charge(policy.codesPerLink(), link);
        return CodeAttempts.judge(l, CodeAttempts.mayCompare(l) && right);
    }

    private static MagicLinkPolicy policy(int perLink, int perAccount) {
        MagicLinkPolicy d = MagicLinkPolicy.defaults();
        return new MagicLinkPolicy(d.ttl(), d.resendCooldown(), perLink, false, d.perEmailLimit(), d.perIpLimit(), d.limitPeriod(), perAccount);
    }

    @Test
    void aLinkIsRevokedByTheWrongCodeThatUsesItsLastAttempt() {
        MagicLinkPolicy policy = policy(5, 100);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            verdicts.add(attempt(policy, "user-1", "link-a", false));
        }
        assertEquals(List.of(Verdict.WRONG_CODE, Verdict.WRONG_CODE, Verdict.WRONG_CODE, Verdict.WRONG_CODE, Verdict.REVOKE), verdicts);
        assertEquals(Verdict.REVOKE, attempt(policy, "user-1", "link-a", true), "the right code no longer opens a link out of attempts");
    }

    @Test
    void theRightCodeOnTheLastAttemptStillSignsIn() {
        MagicLinkPolicy policy = policy(3, 100);
        assertEquals(Verdict.WRONG_CODE, attempt(policy, "user-1", "link-a", false));
        assertEquals(Verdict.WRONG_CODE, attempt(policy, "user-1", "link-a", false));
        assertEquals(Verdict.SIGN_IN, attempt(policy, "user-1", "link-a", true));
    }

    @Test
    void theAccountsBudgetSpansItsLinksAndCoolsDownBeforeAnyCodeIsCompared() {
        MagicLinkPolicy policy = policy(5, 4);
        assertEquals(Verdict.WRONG_CODE, attempt(policy, "user-1", "link-a", false));
        assertEquals(Verdict.WRONG_CODE, attempt(policy, "user-1", "link-a", false));
        assertEquals(Verdict.WRONG_CODE, attempt(policy, "user-1", "link-b", false));
        assertEquals(Verdict.WRONG_CODE, attempt(policy, "user-1", "link-c", false));
        assertEquals(null, attempt(policy, "user-1", "link-d", true), "a fresh link of a spent account cools down, right code or not");
        assertEquals(Verdict.SIGN_IN, attempt(policy, "user-2", "link-e", true), "another account's budget is its own");
    }

    @Test
    void aTabWithoutANotedBudgetDrawsOnTheLinksOwn() {
        assertEquals("user-1", CodeAttempts.accountBudget("user-1", "digest"));
        assertEquals("digest", CodeAttempts.accountBudget(null, "digest"));
    }

    @Test
    void aCodeIsComparedOnlyWhileTheLinkHasAttemptsLeft() {
        assertTrue(CodeAttempts.mayCompare(new RateLimit.Decision(true, NOW, 0, 0)));
        assertFalse(CodeAttempts.mayCompare(new RateLimit.Decision(false, NOW, 1000, 0)));
        assertEquals(Verdict.REVOKE, CodeAttempts.judge(new RateLimit.Decision(false, NOW, 1000, 0), true),
                "a match reported for a link out of attempts does not sign in");
        assertEquals(Verdict.WRONG_CODE, CodeAttempts.judge(new RateLimit.Decision(true, NOW, 0, 2), false));
        assertTrue(CodeAttempts.coolsDown(new RateLimit.Decision(false, NOW, 1000, 0)));
        assertFalse(CodeAttempts.coolsDown(new RateLimit.Decision(true, NOW, 0, 0)));
    }
}
