package io.authio.keycloak.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;
import io.authio.core.audit.AuditEvent;
import io.authio.core.retention.RetentionCategory;
import io.authio.core.retention.RetentionPolicy;
import io.authio.keycloak.audit.AuditLog;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.store.RealmSettings;

/**
 * {@code /admin/realms/{realm}/authio/retention}: how long the realm keeps each category, within the operator's
 * ceilings. Reading takes view-realm, changing manage-realm; a realm may only shorten a ceiling. A PUT replaces the
 * realm's choices: a category left out (or null) keeps the operator's ceiling.
 */
public class RetentionResource {

    private static final Set<String> FIELDS = new HashSet<>();

    static {
        for (RetentionCategory c : RetentionCategory.values()) {
            FIELDS.add(c.id());
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public RetentionResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Api.run(session, () -> {
            access.require("reading the retention settings", Permission.VIEW_REALM);
            return Api.ok(view());
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(String body) {
        return Api.run(session, () -> {
            Caller caller = access.require("changing the retention settings", Permission.MANAGE_REALM);
            Map<String, Long> in = JsonBody.map(body, Long.class, FIELDS);
            Map<String, Long> requested = new LinkedHashMap<>();
            for (RetentionCategory c : RetentionCategory.values()) {
                Long seconds = in.get(c.id());
                requested.put(c.id(), seconds == null ? null : Fields.integer(c.id(), seconds, 1, Long.MAX_VALUE / 1000, 0));
            }
            Map<RetentionCategory, Duration> chosen;
            try {
                chosen = RetentionService.config(session).policy().validate(requested);
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid(e.getMessage());
            }
            new RealmSettings(session).put(realm.getId(), Purge.SETTING, chosen.isEmpty() ? null : RetentionPolicy.toStored(chosen));
            Map<String, String> metadata = new LinkedHashMap<>();
            chosen.forEach((c, d) -> metadata.put(c.id(), Long.toString(d.toSeconds())));
            AuditLog.of(session).recordSystem(realm.getId(), "retention.settings.updated", AuditEvent.Outcome.SUCCESS, caller.type(),
                    caller.id(), null, metadata);
            Map<String, Object> view = view();
            access.recordChange(OperationType.UPDATE, "RETENTION", view, "retention");
            return Api.ok(view);
        });
    }

    private Map<String, Object> view() {
        RetentionConfig config = RetentionService.config(session);
        Map<RetentionCategory, Duration> own = RetentionPolicy.parseStored(new RealmSettings(session).get(realm.getId(), Purge.SETTING));
        List<Map<String, Object>> data = new ArrayList<>();
        for (RetentionCategory c : RetentionCategory.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", c.id());
            m.put("description", c.description());
            m.put("operator_seconds", config.policy().ceiling(c).toSeconds());
            m.put("realm_seconds", own.containsKey(c) ? own.get(c).toSeconds() : null);
            m.put("effective_seconds", config.policy().effective(c, own).toSeconds());
            data.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("min_realm_seconds", config.policy().minRealm().toSeconds());
        out.put("purge_interval_seconds", config.interval().toSeconds());
        return out;
    }
}
