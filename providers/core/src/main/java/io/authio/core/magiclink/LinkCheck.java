package io.authio.core.magiclink;

/**
 * The revocation and lifetime rules a link (or its code) passes before it may be consumed. Pure: the
 * caller reads the record, the current-link pointer for the user and client, and a possible "used"
 * marker from the cluster-wide store, and consumes the record only on {@link Verdict#VALID}.
 */
public final class LinkCheck {

    /** The outcome; everything except VALID is a rejection reason recorded as such. */
    public enum Verdict {
        VALID("valid"),
        /** The link was already used to sign in. */
        USED("used"),
        /** The link lived longer than its lifetime. */
        EXPIRED("expired"),
        /** A newer link was issued for the same user and client. */
        REVOKED("revoked"),
        /** Opened in another browser than the one that asked for it. */
        NOT_BOUND("not_bound"),
        /** Nothing is known about the link: never issued, or gone with its lifetime. */
        UNKNOWN("unknown"),
        /** The account's address is no longer the one the link was sent to. */
        EMAIL_CHANGED("email_changed"),
        /** The account's address was never verified: whoever registered it may not own it. */
        EMAIL_UNVERIFIED("email_unverified");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private LinkCheck() {
    }

    /**
     * Whether the consumed link may sign in the account it names. A link vouches only for the address it was
     * sent to: the account must still hold that address (compared case-insensitively), and that address must
     * be verified. An unverified account is never opened by a link, because whoever registered the address
     * may not own it and could keep a password or a second factor of their own in it; the link never marks
     * it verified either.
     */
    public static Verdict account(LinkRecord record, String accountEmail, boolean emailVerified) {
        String linked = MagicLinkTokens.normalizeEmail(record.email());
        String current = MagicLinkTokens.normalizeEmail(accountEmail);
        if (linked == null || !linked.equals(current)) {
            return Verdict.EMAIL_CHANGED;
        }
        return emailVerified ? Verdict.VALID : Verdict.EMAIL_UNVERIFIED;
    }

    /**
     * @param tokenDigest    the digest of the presented token
     * @param record         the stored record for it, or null
     * @param usedMarker     whether the store remembers it as used
     * @param currentDigest  the digest of the newest link for the record's user and client, or null
     * @param rootSessionId  the authentication session the request belongs to (null without one)
     * @param tabId          its tab
     * @param now            the current time in milliseconds
     */
    public static Verdict check(String tokenDigest, LinkRecord record, boolean usedMarker, String currentDigest,
            String rootSessionId, String tabId, long now) {
        if (usedMarker) {
            return Verdict.USED;
        }
        if (record == null) {
            return Verdict.UNKNOWN;
        }
        if (now >= record.expiresAt()) {
            return Verdict.EXPIRED;
        }
        if (!MagicLinkTokens.matches(tokenDigest, currentDigest)) {
            return Verdict.REVOKED;
        }
        if (rootSessionId == null || tabId == null || !record.boundTo(rootSessionId, tabId)) {
            return Verdict.NOT_BOUND;
        }
        return Verdict.VALID;
    }
}
