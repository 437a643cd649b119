package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    @Test
    void anotherLayersRefusalKeepsItsStatusAndGetsAnAuthioCode() {
        assertEquals("unauthorized", ApiException.forStatus(401, null).error());
        assertEquals("forbidden", ApiException.forStatus(403, null).error());
        assertEquals("not_found", ApiException.forStatus(404, "Realm not found.").error());
        assertEquals("unsupported_media_type", ApiException.forStatus(415, null).error());
        assertEquals("method_not_allowed", ApiException.forStatus(405, null).error());
        assertEquals("invalid_request", ApiException.forStatus(418, null).error());
        assertEquals(404, ApiException.forStatus(404, null).status());
    }

    @Test
    void anInformativeMessageIsKeptAndAStatusLineIsReplacedByAReason() {
        assertEquals("Realm not found.", ApiException.forStatus(404, "Realm not found.").description());
        assertEquals("a valid admin access token or API key for this realm is required",
                ApiException.forStatus(401, "HTTP 401 Unauthorized").description());
        assertEquals("the request was refused", ApiException.forStatus(400, " ").description());
        assertEquals("the caller's token does not grant access to this realm",
                ApiException.forStatus(403, "x".repeat(301)).description(), "an over-long message is not echoed");
    }
}
