package io.authio.keycloak.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

import io.authio.core.DomainException;

/**
 * A {@link DomainException} that leaves an Authio resource outside {@link Api#run} (a sub-resource locator such as
 * the per-caller rate limit of the admin root) is answered as {@link Api#run} answers it: Authio's JSON error
 * with its headers, nothing written.
 */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {

    @Override
    public Response toResponse(DomainException e) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session != null) {
            session.getTransactionManager().setRollbackOnly();
        }
        return Api.error(e);
    }
}
