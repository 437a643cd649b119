package io.authio.core.apikey;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.authio.core.DomainException;

/**
 * Whether a presented API key may call an endpoint, once its digest was compared: the key must belong to the realm
 * of the path, be neither revoked nor expired, and carry the scope the endpoint needs. Wrong, foreign, revoked,
 * expired and disabled keys get the same answer, so a caller learns nothing about which; the reason goes to the
 * audit log only. (Whether the key's service account is enabled is Keycloak's to say: {@link #disabled()}.)
 */
public final class KeyUse {

    /** Below this, the stored last use is not rewritten on every request. */
    public static final long LAST_USED_RESOLUTION_MS = 60_000;

    /** Why a key was refused, as the audit event names it. */
    public enum Reason {
        INVALID, REVOKED, EXPIRED, SCOPE, DISABLED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A refusal: the reason for the audit log and the error the caller gets. */
    public record Refusal(Reason reason, DomainException error) {
    }

    /** A stored key as the check reads it; {@code scopes} space-separated, as stored. */
    public record StoredKey(String realmId, Long revokedAt, Long expiresAt, String scopes) {

        public Set<String> scopeSet() {
            return scopes == null || scopes.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(scopes.trim().split(" +")));
        }
    }

    private KeyUse() {
    }

    /**
     * The refusal for a key presented on {@code pathBelowAuthio} of realm {@code realmId}, or empty when it may
     * call it. {@code digestMatched} is the constant-time comparison of the presented secret with {@code key}'s
     * digest ({@code key} is null when no row was found).
     */
    public static Optional<Refusal> check(boolean digestMatched, StoredKey key, String realmId, String pathBelowAuthio, long now) {
        if (!digestMatched || key == null || realmId == null || !realmId.equals(key.realmId())) {
            return Optional.of(invalid());
        }
        if (key.revokedAt() != null) {
            return Optional.of(refused(Reason.REVOKED));
        }
        if (key.expiresAt() != null && key.expiresAt() <= now) {
            return Optional.of(refused(Reason.EXPIRED));
        }
        Optional<String> required = ApiKeys.requiredScope(pathBelowAuthio);
        if (required.isEmpty() || !key.scopeSet().contains(required.get())) {
            return Optional.of(new Refusal(Reason.SCOPE, DomainException.forbidden(required.isEmpty()
                    ? "API keys cannot call this endpoint"
                    : "this API key does not carry the " + required.get() + " scope")));
        }
        return Optional.empty();
    }

    /** The refusal of a key nobody can use: no such key, or one that does not match. */
    public static Refusal invalid() {
        return refused(Reason.INVALID);
    }

    /** The refusal of a key whose client or service account is disabled or gone. */
    public static Refusal disabled() {
        return refused(Reason.DISABLED);
    }

    /** Whether to record this use as the key's last (at most once per {@link #LAST_USED_RESOLUTION_MS}). */
    public static boolean recordUse(Long lastUsedAt, long now) {
        return lastUsedAt == null || lastUsedAt < now - LAST_USED_RESOLUTION_MS;
    }

    private static Refusal refused(Reason reason) {
        return new Refusal(reason, DomainException.unauthenticated("invalid API key"));
    }
}
