package io.authio.core.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void issuedKeysParseToTheirStoredDigestAndLookup() {
        ApiKeys.Issued k = ApiKeys.issue(ApiKeys.Mode.LIVE);
        assertTrue(k.secret().matches("sk_live_[A-Za-z0-9]{40}"));
        ApiKeys.Presented p = ApiKeys.parse(k.secret()).orElseThrow();
        assertEquals(k.lookup(), p.lookup());
        assertTrue(ApiKeys.matches(p, k.digest()));
        assertFalse(k.toString().contains(k.secret()), "the secret never reaches logs through toString");
        assertNotEquals(k.secret(), ApiKeys.issue(ApiKeys.Mode.LIVE).secret());
        assertTrue(ApiKeys.issue(ApiKeys.Mode.TEST).secret().startsWith("sk_test_"));
    }

    @Test
    void wrongOrMalformedKeysDoNotMatch() {
        ApiKeys.Issued k = ApiKeys.issue(ApiKeys.Mode.LIVE);
        String flipped = k.secret().substring(0, k.secret().length() - 1) + (k.secret().endsWith("A") ? "B" : "A");
        assertFalse(ApiKeys.matches(ApiKeys.parse(flipped).orElseThrow(), k.digest()));
        assertFalse(ApiKeys.matches(ApiKeys.parse(k.secret()).orElseThrow(), null));
        assertEquals(Optional.empty(), ApiKeys.parse("sk_live_short"));
        assertEquals(Optional.empty(), ApiKeys.parse("sk_prod_" + "a".repeat(40)));
        assertEquals(Optional.empty(), ApiKeys.parse("eyJhbGciOi.x.y"));
    }

    @Test
    void scopesAreValidatedAndMappedToResources() {
        assertEquals(2, ApiKeys.scopes(List.of("dsr", "audit:read")).size());
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.scopes(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.scopes(List.of("admin")));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.scopes(List.of("dsr", "dsr")));
        assertEquals(Optional.of("dsr"), ApiKeys.requiredScope("compliance/dsr/dsr_x/fulfill"));
        assertEquals(Optional.of("audit:read"), ApiKeys.requiredScope("audit-events"));
        assertEquals(Optional.empty(), ApiKeys.requiredScope("api-keys"));
        assertEquals(Optional.empty(), ApiKeys.requiredScope("keys/rotate"));
        assertEquals(Optional.empty(), ApiKeys.requiredScope("compliance/other"));
    }

    @Test
    void onlyThePrefixOfAPresentedValueIsEverRecorded() {
        ApiKeys.Issued k = ApiKeys.issue(ApiKeys.Mode.LIVE);
        assertEquals("sk_live_" + k.lookup(), ApiKeys.prefixOf(k.secret()));
        assertEquals(18, ApiKeys.prefixOf(k.secret()).length());
        assertEquals("sk_live_short", ApiKeys.prefixOf("sk_live_short"));
        assertEquals("sk_scriptalert1", ApiKeys.prefixOf("sk_<script>alert(1)</script>"));
        assertEquals("", ApiKeys.prefixOf(null));
    }
}
