package io.authio.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.core.DomainException;
import io.authio.core.json.Json;

/**
 * What an Authio API request may not carry at all, decided before the server reads it: control characters in the
 * path or query (a NUL reached PostgreSQL as part of an id or realm name and answered 500), and a bearer JWT without
 * an issuer (Keycloak's admin authentication dereferences it and answered 500). Each is a 4xx with Authio's body.
 */
public final class RequestGuard {

    private RequestGuard() {
    }

    /** Null when the decoded path and query values are clean; otherwise the 400. */
    public static DomainException uri(String decodedPath, Collection<String> decodedQueryParts) {
        if (hasControl(decodedPath)) {
            return DomainException.invalid("the path contains control characters");
        }
        for (String part : decodedQueryParts) {
            if (hasControl(part)) {
                return DomainException.invalid("a query parameter contains control characters");
            }
        }
        return null;
    }

    /** Null unless the Authorization header holds a JWT that no issuer could have signed (no {@code iss}); then the 401. */
    public static DomainException bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).strip().split("\\.", -1);
        if (parts.length != 3) {
            return null; // an API key, or not a JWT: the server's own check answers
        }
        try {
            JsonNode claims = Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (claims != null && claims.path("iss").isTextual()) {
                return null;
            }
        } catch (RuntimeException undecodable) {
            return null; // the server's own check refuses it
        }
        return DomainException.unauthenticated("the bearer token is not a valid access token");
    }

    private static boolean hasControl(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
