package io.authio.keycloak.admin;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.audit.AuditJson;
import io.authio.core.audit.AuditQuery;
import io.authio.core.json.Json;
import io.authio.keycloak.audit.AuditEventStore;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;

/**
 * {@code GET /admin/realms/{realm}/authio/audit-events}: the realm's audit log for administrators with
 * the realm's view-events permission. JSON pages by default; {@code Accept: application/x-ndjson}
 * streams the whole selection, one event per line.
 */
public class AuditEventsResource {

    public static final String NDJSON = "application/x-ndjson";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public AuditEventsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, NDJSON})
    public Response list(@QueryParam("user_id") String userId,
            @QueryParam("type") String type,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return Api.run(session, () -> {
            access.require("viewing this realm's audit events", Permission.VIEW_EVENTS);
            AuditQuery query = AuditQuery.parse(userId, type, since, until, limit, cursor);
            if (accept != null && accept.contains(NDJSON)) {
                return Response.ok(stream(query), NDJSON).build();
            }
            return Api.ok(new AuditEventStore(session).page(realm.getId(), query, List.of()).body(AuditJson::adminView));
        });
    }

    /**
     * The body is written after this request's session has ended, so it reads through a session of its
     * own, one page at a time: memory stays bounded however large the selection.
     */
    private StreamingOutput stream(AuditQuery query) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        return output -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            KeycloakModelUtils.runJobInTransaction(factory, s -> new AuditEventStore(s).forEach(realmId, query, event -> {
                try {
                    writer.write(Json.write(AuditJson.adminView(event)));
                    writer.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            writer.flush();
        };
    }
}
