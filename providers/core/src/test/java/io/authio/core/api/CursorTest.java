package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.authio.core.DomainException;

class CursorTest {

    @Test
    void aCursorSurvivesEncoding() {
        Cursor cursor = new Cursor(1_767_225_600_000L, "01a20575-558c-7326-974e-97ef1373a334");
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "", "YWJj", "c1:1:x"})
    void damagedCursorsAreBadRequests(String encoded) {
        DomainException e = assertThrows(DomainException.class, () -> Cursor.decode(encoded));
        assertEquals(DomainException.Kind.INVALID, e.kind());
        assertEquals("invalid_request", e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2:1:abc", "c1:-5:abc", "c1:notanumber:abc", "c1:1:abc;drop", "c1:1:abc:extra"})
    void wellEncodedButInvalidCursorsAreBadRequests(String raw) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        assertThrows(DomainException.class, () -> Cursor.decode(encoded));
    }
}
