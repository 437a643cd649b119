package io.authio.keycloak.account;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import io.authio.core.audit.AuditJson;
import io.authio.core.audit.AuditQuery;
import io.authio.keycloak.audit.AuditEventStore;
import io.authio.keycloak.console.ConsolePage;
import io.authio.keycloak.http.Api;

/**
 * End-user endpoints under {@code /realms/{realm}/authio}, for the user's own access token as Keycloak's account
 * API admits it ({@link AccountCaller}).
 */
public class AuthioRealmResource {

    /** What a user sees of their history: their own sign-ins and account changes, nothing administrative. */
    static final List<String> ACTIVITY_TYPES = List.of("user.");

    private final KeycloakSession session;

    public AuthioRealmResource(KeycloakSession session) {
        this.session = session;
    }

    /** {@code GET /realms/{realm}/authio/activity}: the caller's recent account activity, newest first. */
    @GET
    @Path("activity")
    @Produces(MediaType.APPLICATION_JSON)
    public Response activity(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Api.run(session, () -> {
            UserModel user = AccountCaller.require(session, AccountCaller.Access.READ, "activity");
            AuditQuery query = AuditQuery.parse(user.getId(), null, null, null, limit, cursor);
            return Api.ok(new AuditEventStore(session).page(session.getContext().getRealm().getId(), query, ACTIVITY_TYPES)
                    .body(AuditJson::activityView));
        });
    }

    /** {@code /realms/{realm}/authio/devices}: the caller's known devices (risk engine). */
    @Path("devices")
    public DevicesResource devices() {
        return new DevicesResource(session);
    }

    /** {@code /realms/{realm}/authio/console/}: the Authio console (HTML and its static files). */
    @Path("console")
    public ConsolePage console() {
        return new ConsolePage(session, "console");
    }

    /** {@code /realms/{realm}/authio/account/}: the end users' page of sign-in activity and devices. */
    @Path("account")
    public ConsolePage account() {
        return new ConsolePage(session, "account");
    }
}
