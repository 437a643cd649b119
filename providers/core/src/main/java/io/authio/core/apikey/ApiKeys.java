package io.authio.core.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.authio.core.id.Hashing;

/**
 * Authio API keys: {@code sk_live_} or {@code sk_test_} followed by 40 random characters from [A-Za-z0-9]
 * (about 238 bits). Only a SHA-256 digest of the whole key and a short lookup prefix (its first 10 random
 * characters) are stored; the key is shown once. A slow password hash is not needed: the secret is
 * random, not chosen by a person, so a digest cannot be reversed by guessing.
 */
public final class ApiKeys {

    public static final int RANDOM_LENGTH = 40;
    public static final int LOOKUP_LENGTH = 10;
    /** {@code sk_live_} or {@code sk_test_} and the lookup prefix: the part of a key that listings and audit events show. */
    public static final int PREFIX_LENGTH = 8 + LOOKUP_LENGTH;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern FORM = Pattern.compile("^sk_(live|test)_([A-Za-z0-9]{" + RANDOM_LENGTH + "})$");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The scopes a key can carry and what each allows. */
    public static final Map<String, String> SCOPES = Map.of(
            "dsr", "data-subject requests (compliance/dsr)",
            "audit:read", "reading the audit log (audit-events)",
            "webhooks", "managing webhook endpoints, SIEM sinks and delivery settings",
            "risk:read", "reading risk decisions (risk-decisions)");

    /** Admin API sub-resources and the scope an API key needs for them; anything else is closed to keys. */
    private static final Map<String, String> RESOURCE_SCOPES = Map.of(
            "compliance", "dsr",
            "audit-events", "audit:read",
            "webhooks", "webhooks",
            "siem-sinks", "webhooks",
            "delivery-settings", "webhooks",
            "risk-decisions", "risk:read");

    public enum Mode {
        LIVE, TEST;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A new key: the secret (shown once), its lookup prefix and its digest (stored). */
    public record Issued(String secret, String lookup, String digest, Mode mode) {
        @Override
        public String toString() {
            return "Issued[lookup=" + lookup + ", mode=" + mode + "]";
        }
    }

    /** A presented key in valid form: its mode, lookup prefix and digest. */
    public record Presented(Mode mode, String lookup, String digest) {
    }

    private ApiKeys() {
    }

    public static Issued issue(Mode mode) {
        StringBuilder random = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            random.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String secret = "sk_" + mode.value() + "_" + random;
        return new Issued(secret, random.substring(0, LOOKUP_LENGTH), digest(secret), mode);
    }

    /** Whether a bearer value looks like an API key (so it is not handed to the JWT verifier). */
    public static boolean looksLikeKey(String bearer) {
        return bearer != null && bearer.startsWith("sk_");
    }

    /** Parses a presented key; empty when it is not in key form (which is answered like a wrong key). */
    public static Optional<Presented> parse(String bearer) {
        if (bearer == null || bearer.length() > 64) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(bearer);
        if (!m.matches()) {
            return Optional.empty();
        }
        Mode mode = m.group(1).equals("live") ? Mode.LIVE : Mode.TEST;
        return Optional.of(new Presented(mode, m.group(2).substring(0, LOOKUP_LENGTH), digest(bearer)));
    }

    /**
     * What may be recorded about a presented value: at most its first 18 characters ({@code sk_live_} and the
     * 10-character lookup prefix, as listings show it), characters outside {@code [A-Za-z0-9_]} dropped. The rest
     * is the secret and is never stored, not even for a wrong key.
     */
    public static String prefixOf(String bearer) {
        if (bearer == null) {
            return "";
        }
        String head = bearer.length() > PREFIX_LENGTH ? bearer.substring(0, PREFIX_LENGTH) : bearer;
        return head.replaceAll("[^A-Za-z0-9_]", "");
    }

    /**
     * Constant-time comparison of a presented digest with a stored one. Callers compare against a dummy
     * digest when no key has the lookup prefix, so a miss costs the same as a wrong key.
     */
    public static boolean matches(Presented presented, String storedDigest) {
        byte[] a = presented.digest().getBytes(StandardCharsets.US_ASCII);
        byte[] b = (storedDigest == null ? DUMMY : storedDigest).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b) && storedDigest != null;
    }

    private static final String DUMMY = digest("sk_live_" + "0".repeat(RANDOM_LENGTH));

    public static String digest(String secret) {
        return Hashing.sha256Hex(secret);
    }

    /** Validates requested scopes (non-empty, known, no duplicates). */
    public static Set<String> scopes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new IllegalArgumentException("scopes must name at least one of " + String.join(", ", SCOPES.keySet()));
        }
        for (String s : requested) {
            if (!SCOPES.containsKey(s)) {
                throw new IllegalArgumentException("unknown scope: " + (s.length() > 40 ? s.substring(0, 40) : s));
            }
        }
        if (Set.copyOf(requested).size() != requested.size()) {
            throw new IllegalArgumentException("scopes must not repeat");
        }
        return Set.copyOf(requested);
    }

    /**
     * The scope a key needs for a path below {@code /admin/realms/{realm}/authio/}, e.g.
     * {@code compliance/dsr/dsr_...} needs {@code dsr}; empty when keys may not call it at all (api-keys,
     * keys).
     */
    public static Optional<String> requiredScope(String pathBelowAuthio) {
        if (pathBelowAuthio == null) {
            return Optional.empty();
        }
        String p = pathBelowAuthio.startsWith("/") ? pathBelowAuthio.substring(1) : pathBelowAuthio;
        int slash = p.indexOf('/');
        String first = slash < 0 ? p : p.substring(0, slash);
        if (first.equals("compliance") && !(p.equals("compliance/dsr") || p.startsWith("compliance/dsr/"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(RESOURCE_SCOPES.get(first));
    }
}
