package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
            "multipart/form-data; boundary=x|415", "text/plain|415", "application/xml|415", "*/*|415", "application/octet-stream|415",
            "application/json; charset=ISO-8859-1|415", "application/json; charset=klingon|415", "application/json, text/plain|400",
            "no-slash|400", "application/json;;|400", "application/json; charset=\"|400", "''|400", "application/|400"})
    void refusesEverythingElse(String type, int status) {
        assertEquals(status, BodyMediaType.refusal(type).status());
    }
}
