package io.authio.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.authio.core.DomainException;
import io.authio.core.DomainException.Kind;

class ApiTest {

    @Test
    void everyKindOfRefusalHasTheStatusTheApiAlwaysAnswered() {
        assertEquals(400, Api.status(Kind.INVALID));
        assertEquals(401, Api.status(Kind.UNAUTHENTICATED));
        assertEquals(403, Api.status(Kind.FORBIDDEN));
        assertEquals(404, Api.status(Kind.NOT_FOUND));
        assertEquals(405, Api.status(Kind.NOT_ALLOWED));
        assertEquals(406, Api.status(Kind.NOT_ACCEPTABLE));
        assertEquals(409, Api.status(Kind.CONFLICT));
        assertEquals(410, Api.status(Kind.GONE));
        assertEquals(413, Api.status(Kind.TOO_LARGE));
        assertEquals(415, Api.status(Kind.UNSUPPORTED_FORMAT));
        assertEquals(429, Api.status(Kind.RATE_LIMITED));
        assertEquals(502, Api.status(Kind.UPSTREAM_FAILED));
        assertEquals(503, Api.status(Kind.UNAVAILABLE));
    }

    @Test
    void anotherLayersRefusalKeepsItsStatusAndGetsAnAuthioCode() {
        assertEquals("unauthorized", Api.forStatus(401, null).error());
        assertEquals("forbidden", Api.forStatus(403, null).error());
        assertEquals("not_found", Api.forStatus(404, "Realm not found.").error());
        assertEquals("unsupported_media_type", Api.forStatus(415, null).error());
        assertEquals("method_not_allowed", Api.forStatus(405, null).error());
        assertEquals("invalid_request", Api.forStatus(418, null).error());
        for (int status : new int[] {401, 403, 404, 405, 406, 409, 413, 415, 429}) {
            DomainException refusal = Api.forStatus(status, null);
            assertEquals(status, Api.status(refusal.kind()), "the status survives the round trip");
        }
    }

    @Test
    void anInformativeMessageIsKeptAndAStatusLineIsReplacedByAReason() {
        assertEquals("Realm not found.", Api.forStatus(404, "Realm not found.").description());
        assertEquals("a valid admin access token or API key for this realm is required",
                Api.forStatus(401, "HTTP 401 Unauthorized").description());
        assertEquals("the request was refused", Api.forStatus(400, " ").description());
        assertEquals("the caller's token does not grant access to this realm",
                Api.forStatus(403, "x".repeat(301)).description(), "an over-long message is not echoed");
    }
}
