package io.authio.keycloak.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.console.Overview;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.AdminAccess.Permission;
import io.authio.keycloak.http.Api;

/**
 * {@code GET /admin/realms/{realm}/authio/overview}: the figures of the console's first page. Each section needs
 * the permission of the API it summarizes (sign-ins and signals: {@code view-events}, like risk decisions;
 * delivery health: {@code view-realm}, like webhooks; DSRs: {@code view-users}, like DSRs) and is {@code null}
 * without it; a caller with none of them gets a 403. Counts only: no user, address or IP.
 */
public class OverviewResource {

    private static final long WEEK = 7 * 24 * 3_600_000L;
    /** Top signals are counted over at most this many of the window's newest decisions. */
    static final int SIGNAL_SAMPLE = 2_000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess access;

    public OverviewResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.access = AdminAccess.of(session, realm, auth);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@QueryParam("days") String days) {
        return Api.run(session, () -> {
            boolean events = access.holds(Permission.VIEW_EVENTS);
            boolean config = access.holds(Permission.VIEW_REALM);
            boolean users = access.holds(Permission.VIEW_USERS);
            if (!events && !config && !users) {
                throw DomainException.forbidden("the overview requires the realm's view-events, view-realm or view-users role");
            }
            long now = System.currentTimeMillis();
            Overview.Window w = Overview.Window.parse(days, now);
            OverviewStore store = new OverviewStore(session);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("since", Instant.ofEpochMilli(w.since()).toString());
            body.put("until", Instant.ofEpochMilli(w.until()).toString());
            body.put("bucket", w.bucket());
            if (events) {
                List<Map<String, Object>> series = Overview.series(w, store.signIns(realm.getId(), w));
                Map<String, Object> signIns = new LinkedHashMap<>();
                signIns.put("totals", Overview.totals(series));
                signIns.put("buckets", series);
                body.put("sign_ins", signIns);
                OverviewStore.SignalCounts signals = store.signalCounts(realm.getId(), w, SIGNAL_SAMPLE);
                body.put("top_signals", Overview.topSignals(signals.counts(), 8));
                Map<String, Object> counted = new LinkedHashMap<>();
                counted.put("decisions", signals.decisions());
                counted.put("complete", signals.complete());
                body.put("top_signals_counted", counted);
            } else {
                body.put("sign_ins", null);
                body.put("top_signals", null);
                body.put("top_signals_counted", null);
            }
            body.put("delivery", config ? store.deliveryHealth(realm.getId()) : null);
            body.put("dsr", users ? store.dsrs(realm.getId(), now, WEEK) : null);
            return Api.ok(body);
        });
    }
}
