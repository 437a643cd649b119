package io.authio.keycloak.audit;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;

/** The caller's address and user agent, when the session serves an HTTP request (null otherwise). */
record RequestContext(String ip, String userAgent) {

    static final int MAX_USER_AGENT = 512;

    static RequestContext of(KeycloakSession session) {
        String ip = null;
        String userAgent = null;
        try {
            ClientConnection connection = session.getContext().getConnection();
            if (connection != null) {
                ip = connection.getRemoteAddr();
            }
            HttpHeaders headers = session.getContext().getRequestHeaders();
            if (headers != null) {
                userAgent = truncate(headers.getHeaderString(HttpHeaders.USER_AGENT), MAX_USER_AGENT);
            }
        } catch (RuntimeException notInRequest) {
            // background work (timers, imports) has no HTTP request behind it
        }
        return new RequestContext(ip, userAgent);
    }

    static String truncate(String value, int max) {
        if (value == null) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
