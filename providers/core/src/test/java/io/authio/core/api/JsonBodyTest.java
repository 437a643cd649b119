package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.authio.core.DomainException;

/** The one reader of request bodies: what it binds, and every refusal a 400 naming the place in the document. */
class JsonBodyTest {

    record Inner(Integer count, List<String> tags) {
        Inner {
            if (count != null && count < 0) {
                throw JsonBody.invalid("count", "must not be negative");
            }
        }
    }

    record Outer(String name, Boolean enabled, Double weight, Long big, Inner inner, Map<String, Inner> byName) {
    }

    @Test
    void bindsSnakeCaseFieldsAndAbsentOnesAreNull() {
        record Snake(String userEmail, Integer dueDays) {
        }
        Snake s = JsonBody.read("{\"user_email\":\"a@b.c\",\"due_days\":3}", Snake.class);
        assertEquals("a@b.c", s.userEmail());
        assertEquals(3, s.dueDays());
        assertNull(JsonBody.read("", Snake.class).userEmail(), "an empty body is {}");
        assertNull(JsonBody.read(null, Snake.class).dueDays());
        assertEquals(2.0, JsonBody.read("{\"weight\":2}", Outer.class).weight(), "an integer is a number");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"a\"} trailing|the request body must hold one JSON object and nothing after it",
            "{\"name\":\"a\"}{\"name\":\"b\"}|the request body must hold one JSON object and nothing after it",
            "{\"name\":\"a\"}]]]|the request body must hold one JSON object and nothing after it",
            "{\"name\":\"a\",\"name\":\"b\"}|duplicate field: name",
            "{\"inner\":{\"count\":1,\"count\":2}}|duplicate field: inner.count",
            "{\"nme\":\"a\"}|unknown field: nme",
            "{\"inner\":{\"cnt\":1}}|unknown field: inner.cnt",
            "{\"name\":1}|name must be a string",
            "{\"name\":true}|name must be a string",
            "{\"enabled\":\"true\"}|enabled must be true or false",
            "{\"enabled\":1}|enabled must be true or false",
            "{\"weight\":\"2\"}|weight must be a number",
            "{\"inner\":{\"count\":1.5}}|inner.count must be an integer",
            "{\"inner\":{\"count\":\"1\"}}|inner.count must be an integer",
            "{\"inner\":{\"count\":99999999999}}|inner.count must be an integer in range",
            "{\"inner\":{\"count\":-1}}|inner.count must not be negative",
            "{\"by_name\":{\"x\":{\"count\":-1}}}|by_name.x.count must not be negative",
            "{\"inner\":{\"tags\":\"a\"}}|inner.tags must be an array",
            "{\"inner\":{\"tags\":[1]}}|inner.tags[0] must be a string",
            "{\"inner\":[]}|inner must be an object",
            "{\"name\":\"a\\u0000b\"}|name contains control characters or unpaired surrogates",
            "{\"name\":\"\\ud800\"}|name contains control characters or unpaired surrogates",
            "[]|the request body must be a JSON object",
            "null|the request body must be a JSON object",
            "\"x\"|the request body must be a JSON object",
            "{\"name\":NaN}|the request body is not valid JSON (line 1, column 12)"})
    void refusalsNameThePlace(String body, String message) {
        DomainException e = assertThrows(DomainException.class, () -> JsonBody.read(body, Outer.class), body);
        assertEquals(DomainException.Kind.INVALID, e.kind());
        assertEquals(message, e.description());
    }

    @Test
    void sizeAndDepthAreBounded() {
        String big = "{\"name\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}";
        assertEquals("the request body exceeds 65536 bytes", assertThrows(DomainException.class, () -> JsonBody.read(big, Outer.class)).description());
        String deep = "{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}";
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> JsonBody.object(deep)).kind());
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> JsonBody.read("{\"big\":" + "9".repeat(60) + "}", Outer.class)).kind());
    }

    @Test
    void aTreeIsReadJustAsStrictly() {
        assertEquals(1, JsonBody.object("{\"a\":1}").get("a").asInt());
        assertEquals("duplicate field: a", assertThrows(DomainException.class, () -> JsonBody.object("{\"a\":1,\"a\":2}")).description());
        assertEquals("a[0] contains control characters or unpaired surrogates",
                assertThrows(DomainException.class, () -> JsonBody.object("{\"a\":[\"\\u0007\"]}")).description());
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> JsonBody.object("{} {}")).kind());
    }

    @Test
    void aMapOfNamedValuesIsReadAsStrictlyAndOnlyWithAllowedNames() {
        java.util.Set<String> names = java.util.Set.of("audit_events", "risk_decisions");
        Map<String, Long> m = JsonBody.map("{\"audit_events\":86400,\"risk_decisions\":null}", Long.class, names);
        assertEquals(86400L, m.get("audit_events"));
        assertNull(m.get("risk_decisions"), "null is kept as null");
        assertEquals(Map.of(), JsonBody.map("", Long.class, names), "an empty body is {}");
        assertEquals("unknown field: outbox", assertThrows(DomainException.class,
                () -> JsonBody.map("{\"outbox\":1}", Long.class, names)).description());
        for (String bad : List.of("{\"audit_events\":\"5\"}", "{\"audit_events\":1.5}", "{\"audit_events\":true}",
                "{\"audit_events\":1,\"audit_events\":2}", "{\"audit_events\":1} []", "[]", "{\"audit_events\":{}}")) {
            DomainException e = assertThrows(DomainException.class, () -> JsonBody.map(bad, Long.class, names), bad);
            assertEquals(DomainException.Kind.INVALID, e.kind(), bad);
        }
    }

    @Test
    void aRequiredBodyMayNotBeEmpty() {
        assertEquals("the request body must be a JSON object", assertThrows(DomainException.class, () -> JsonBody.require(" ", Outer.class)).description());
    }
}
