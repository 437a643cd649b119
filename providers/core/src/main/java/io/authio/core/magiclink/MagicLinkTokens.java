package io.authio.core.magiclink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

import io.authio.core.id.Hashing;

/**
 * The secrets of one magic link: the link token (256 random bits, base64url, only ever in the email) and
 * the short one-time code typed on the original device. The server stores neither, only their digests:
 * the token digest names the single-use record, the code digest is bound to the token digest.
 */
public final class MagicLinkTokens {

    /** Characters of a link token: 32 random bytes in unpadded base64url. */
    public static final int TOKEN_LENGTH = 43;
    public static final int CODE_LENGTH = 6;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_LENGTH + "}");
    private static final Pattern CODE = Pattern.compile("[0-9]{" + CODE_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MagicLinkTokens() {
    }

    /** A fresh link token. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A fresh one-time code: {@value #CODE_LENGTH} decimal digits, uniformly distributed. */
    public static String newCode() {
        return String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
    }

    /** Whether a presented token has the shape of one (checked before any lookup). */
    public static boolean isWellFormedToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** The code as a user may type it (spaces and dashes ignored), or null when it cannot be a code. */
    public static String normalizeCode(String typed) {
        if (typed == null) {
            return null;
        }
        String code = typed.replaceAll("[\\s-]", "");
        return CODE.matcher(code).matches() ? code : null;
    }

    /** The digest that stands for a token in storage, logs and session notes (hex SHA-256). */
    public static String tokenDigest(String token) {
        return Hashing.sha256Hex("authio-magic-link-token\n" + token);
    }

    /** The stored form of a code: bound to its token, so a code of one link never validates another. */
    public static String codeDigest(String tokenDigest, String code) {
        return Hashing.sha256Hex("authio-magic-link-code\n" + tokenDigest + "\n" + code);
    }

    /** Constant-time comparison of two digests (null never matches). */
    public static boolean matches(String expectedDigest, String presentedDigest) {
        if (expectedDigest == null || presentedDigest == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest.getBytes(StandardCharsets.US_ASCII),
                presentedDigest.getBytes(StandardCharsets.US_ASCII));
    }

    /** A short, non-reversible label for logs: the first 12 hex characters of the token digest. */
    public static String logLabel(String tokenDigest) {
        return tokenDigest == null ? "-" : tokenDigest.substring(0, Math.min(12, tokenDigest.length()));
    }

    /** The address as it is looked up and rate-limited: trimmed, lower case; null when not an address. */
    public static String normalizeEmail(String email) {
        if (email == null) {
            return null;
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return null;
        }
        return e;
    }

}
