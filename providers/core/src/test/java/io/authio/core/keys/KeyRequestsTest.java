package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.authio.core.DomainException;

/** Request bodies of the key management API: defaults, accepted values, and every malformed shape a 400. */
class KeyRequestsTest {

    @Test
    void emptyBodiesMeanDefaults() {
        for (String body : new String[] {null, "", "  ", "{}"}) {
            assertFalse(KeyRequests.dataKeyRotation(body).reseal());
            KeyRequests.SigningKeyRotation s = KeyRequests.signingKeyRotation(body);
            assertEquals("RS256", s.algorithm());
            assertEquals(86_400, s.gracePeriodSeconds());
            assertNull(s.keySize());
            assertEquals(1000, KeyRequests.rewrap(body).limit());
        }
    }

    @Test
    void acceptsTheDocumentedFields() {
        assertTrue(KeyRequests.dataKeyRotation("{\"reseal\": true}").reseal());
        KeyRequests.SigningKeyRotation s = KeyRequests.signingKeyRotation("{\"algorithm\":\"RS256\",\"grace_period_seconds\":0,\"key_size\":3072}");
        assertEquals(0, s.gracePeriodSeconds());
        assertEquals(3072, s.keySize());
        assertEquals("ES256", KeyRequests.signingKeyRotation("{\"algorithm\":\"ES256\",\"grace_period_seconds\":7776000}").algorithm());
        assertEquals(5, KeyRequests.rewrap("{\"limit\":5}").limit());
    }

    @Test
    void everythingElseIsA400() {
        List<String> signing = List.of("[]", "\"RS256\"", "null", "{", "{\"algorithm\":\"HS256\"}", "{\"algorithm\":\"rs256\"}",
                "{\"algorithm\":256}", "{\"grace_period_seconds\":-1}", "{\"grace_period_seconds\":7776001}",
                "{\"grace_period_seconds\":\"60\"}", "{\"grace_period_seconds\":1.5}", "{\"grace_period_seconds\":1e3}",
                "{\"grace_period_seconds\":99999999999999999999999}", "{\"key_size\":1024}", "{\"key_size\":\"2048\"}",
                "{\"algorithm\":\"ES256\",\"key_size\":2048}", "{\"extra\":1}", "{\"algorithm\":\"RS256\",\"algorithm\":\"ES256\"}",
                "{\"algorithm\":\"RS256\"} trailing", "x".repeat(5000));
        for (String body : signing) {
            DomainException e = assertThrows(DomainException.class, () -> KeyRequests.signingKeyRotation(body), body);
            assertEquals(DomainException.Kind.INVALID, e.kind(), body);
            assertEquals("invalid_request", e.error());
        }
        for (String body : List.of("{\"reseal\":\"yes\"}", "{\"reseal\":1}", "{\"rotate\":true}")) {
            assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> KeyRequests.dataKeyRotation(body), body).kind());
        }
        for (String body : List.of("{\"limit\":0}", "{\"limit\":10001}", "{\"limit\":true}")) {
            assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> KeyRequests.rewrap(body), body).kind());
        }
    }
}
