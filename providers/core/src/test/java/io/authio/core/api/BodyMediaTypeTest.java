package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.authio.core.DomainException;

/** Which declared body types Authio reads, and the refusal for every other. */
class BodyMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "Application/JSON", "application/merge-patch+json",
            "application/x-www-form-urlencoded", "application/json;charset=\"utf-8\"", " application/json "})
    void readsJsonAndCurlsDefault(String type) {
        assertNull(BodyMediaType.refusal(type));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "multipart/form-data; boundary=x|UNSUPPORTED_FORMAT", "text/plain|UNSUPPORTED_FORMAT", "application/xml|UNSUPPORTED_FORMAT", "*/*|UNSUPPORTED_FORMAT", "application/octet-stream|UNSUPPORTED_FORMAT",
            "application/json; charset=ISO-8859-1|UNSUPPORTED_FORMAT", "application/json; charset=klingon|UNSUPPORTED_FORMAT", "application/json, text/plain|INVALID",
            "no-slash|INVALID", "application/json;;|INVALID", "application/json; charset=\"|INVALID", "''|INVALID", "application/|INVALID"})
    void refusesEverythingElse(String type, DomainException.Kind kind) {
        assertEquals(kind, BodyMediaType.refusal(type).kind());
    }
}
