package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.authio.core.DomainException;

class RequestGuardTest {

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "Bearer " + b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(new byte[8]);
    }

    @Test
    void controlCharactersInThePathOrQueryAre400() {
        assertNull(RequestGuard.uri("/admin/realms/acme/authio/webhooks/0193-x", List.of("limit", "10", "ü‮")));
        assertEquals(DomainException.Kind.INVALID, RequestGuard.uri("/admin/realms/\u0000/authio/keys", List.of()).kind());
        assertEquals(DomainException.Kind.INVALID, RequestGuard.uri("/admin/realms/acme/authio/webhooks/a\u0007", List.of()).kind());
        assertEquals(DomainException.Kind.INVALID, RequestGuard.uri("/admin/realms/acme/authio/audit-events", List.of("since", "2026\u0000")).kind());
    }

    @Test
    void aJwtWithoutAnIssuerIs401AndEverythingElseIsLeftToTheServer() {
        assertEquals(DomainException.Kind.UNAUTHENTICATED, RequestGuard.bearer(jwt("{\"sub\":\"admin\"}")).kind());
        assertEquals(DomainException.Kind.UNAUTHENTICATED, RequestGuard.bearer(jwt("{\"iss\":42}")).kind());
        assertNull(RequestGuard.bearer(jwt("{\"iss\":\"http://localhost:8080/realms/master\"}")));
        assertNull(RequestGuard.bearer("Bearer sk_live_abc"));
        assertNull(RequestGuard.bearer("Bearer x.y.z"), "undecodable: the server refuses it itself");
        assertNull(RequestGuard.bearer(null));
        assertNull(RequestGuard.bearer("Basic abc"));
    }
}
