package io.authio.core.magiclink;

import io.authio.core.ratelimit.RateLimit;

/**
 * How a typed code is judged against its two failed-code budgets ({@link MagicLinkPolicy#codesPerAccount()} and
 * {@link MagicLinkPolicy#codesPerLink()}). Every attempt is charged before the code is compared, first to the
 * account's budget, then to the link's, so parallel guesses are each counted; the glue charges them atomically in
 * the shared database in that order and acts on the verdict.
 */
public final class CodeAttempts {

    /** What follows a typed code. */
    public enum Verdict {
        /** The code is right and the link had attempts left: consume the link and sign in. */
        SIGN_IN,
        /** The link's attempts are used up: revoke the link. */
        REVOKE,
        /** A wrong code with attempts left on the link. */
        WRONG_CODE
    }

    private CodeAttempts() {
    }

    /**
     * Whose account budget an attempt draws on: the one noted when the link was sent (the account's id, or the
     * address without an account), else the link's own digest.
     */
    public static String accountBudget(String noted, String linkDigest) {
        return noted == null ? linkDigest : noted;
    }

    /**
     * After charging the account's budget: whether it is spent, so the attempt stops here (a cool-down) before the
     * link is charged or the code compared.
     */
    public static boolean coolsDown(RateLimit.Decision account) {
        return !account.allowed();
    }

    /** After charging the link's budget: whether the code may be compared at all. */
    public static boolean mayCompare(RateLimit.Decision link) {
        return link.allowed();
    }

    /**
     * The verdict once the link was charged (the account's budget was not spent). {@code matched} counts only when
     * the link had attempts left; the attempt that uses the link's last one revokes it unless it was right.
     */
    public static Verdict judge(RateLimit.Decision link, boolean matched) {
        if (matched && mayCompare(link)) {
            return Verdict.SIGN_IN;
        }
        if (!link.allowed() || link.remaining() == 0) {
            return Verdict.REVOKE;
        }
        return Verdict.WRONG_CODE;
    }
}
