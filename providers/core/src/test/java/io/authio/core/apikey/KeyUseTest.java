package io.authio.core.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.authio.core.DomainException;
import io.authio.core.apikey.KeyUse.Reason;
import io.authio.core.apikey.KeyUse.Refusal;
import io.authio.core.apikey.KeyUse.StoredKey;

class KeyUseTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final StoredKey DSR_KEY = new StoredKey("realm-a", null, null, "dsr audit:read");

    private static Reason reason(boolean matched, StoredKey key, String realm, String path) {
        return KeyUse.check(matched, key, realm, path, NOW).map(Refusal::reason).orElse(null);
    }

    @Test
    void aMatchingLiveKeyMayCallWhatItsScopesAllow() {
        assertEquals(Optional.empty(), KeyUse.check(true, DSR_KEY, "realm-a", "compliance/dsr/dsr_x/fulfill", NOW));
        assertEquals(Optional.empty(), KeyUse.check(true, DSR_KEY, "realm-a", "audit-events", NOW));
        assertEquals(Optional.empty(), KeyUse.check(true, new StoredKey("realm-a", null, NOW + 1, "dsr"), "realm-a", "compliance/dsr", NOW),
                "a key expiring later is live");
    }

    @Test
    void wrongForeignRevokedAndExpiredKeysAllGetTheSameAnswer() {
        assertEquals(Reason.INVALID, reason(false, DSR_KEY, "realm-a", "audit-events"));
        assertEquals(Reason.INVALID, reason(false, null, "realm-a", "audit-events"));
        assertEquals(Reason.INVALID, reason(true, null, "realm-a", "audit-events"));
        assertEquals(Reason.INVALID, reason(true, DSR_KEY, "realm-b", "audit-events"), "a key of another realm");
        assertEquals(Reason.INVALID, reason(true, DSR_KEY, null, "audit-events"), "no such realm");
        assertEquals(Reason.REVOKED, reason(true, new StoredKey("realm-a", NOW - 1, null, "dsr"), "realm-a", "compliance/dsr"));
        assertEquals(Reason.EXPIRED, reason(true, new StoredKey("realm-a", null, NOW, "dsr"), "realm-a", "compliance/dsr"));
        assertEquals(Reason.REVOKED, reason(true, new StoredKey("realm-a", NOW - 1, NOW - 1, "dsr"), "realm-a", "compliance/dsr"),
                "revocation is reported before expiry");
        for (Refusal r : new Refusal[] {KeyUse.check(false, DSR_KEY, "realm-a", "audit-events", NOW).orElseThrow(),
                KeyUse.check(true, new StoredKey("realm-a", NOW - 1, null, "dsr"), "realm-a", "compliance/dsr", NOW).orElseThrow(),
                KeyUse.check(true, new StoredKey("realm-a", null, NOW, "dsr"), "realm-a", "compliance/dsr", NOW).orElseThrow(),
                KeyUse.disabled(), KeyUse.invalid()}) {
            assertEquals(DomainException.Kind.UNAUTHENTICATED, r.error().kind());
            assertEquals("unauthorized", r.error().error());
            assertEquals("invalid API key", r.error().description());
        }
    }

    @Test
    void aKeyWithoutTheScopeIsForbiddenAndEndpointsClosedToKeysSaySo() {
        Refusal noScope = KeyUse.check(true, DSR_KEY, "realm-a", "webhooks", NOW).orElseThrow();
        assertEquals(Reason.SCOPE, noScope.reason());
        assertEquals(DomainException.Kind.FORBIDDEN, noScope.error().kind());
        assertEquals("this API key does not carry the webhooks scope", noScope.error().description());
        Refusal closed = KeyUse.check(true, new StoredKey("realm-a", null, null, "dsr audit:read webhooks risk:read"), "realm-a", "api-keys", NOW)
                .orElseThrow();
        assertEquals(Reason.SCOPE, closed.reason());
        assertEquals("API keys cannot call this endpoint", closed.error().description());
        assertEquals(Reason.SCOPE, reason(true, DSR_KEY, "realm-a", "keys/rotate"));
        assertEquals(Reason.SCOPE, reason(true, DSR_KEY, "realm-a", null));
        assertEquals(Reason.SCOPE, reason(true, new StoredKey("realm-a", null, null, "audit:reader"), "realm-a", "audit-events"),
                "scopes match exactly, never by prefix");
    }

    @Test
    void storedScopesAreReadAsTheSpaceSeparatedSetTheyWereWrittenAs() {
        assertEquals(Set.of("dsr", "audit:read"), DSR_KEY.scopeSet());
        assertEquals(Set.of(), new StoredKey("r", null, null, "").scopeSet());
    }

    @Test
    void aUseIsRecordedAtMostOncePerMinute() {
        assertTrue(KeyUse.recordUse(null, NOW));
        assertTrue(KeyUse.recordUse(NOW - KeyUse.LAST_USED_RESOLUTION_MS - 1, NOW));
        assertFalse(KeyUse.recordUse(NOW - KeyUse.LAST_USED_RESOLUTION_MS, NOW));
        assertFalse(KeyUse.recordUse(NOW, NOW));
    }
}
