package io.authio.keycloak.dsr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import io.authio.core.dsr.DsrId;
import io.authio.core.dsr.DsrRequests;
import io.authio.core.dsr.DsrStatus;
import io.authio.keycloak.console.ConsoleComponents;
import io.authio.keycloak.console.ReadOnlyConsolePage;

/**
 * Admin console page "authio-dsrs": the realm's data-subject requests, read-only. A row is written when a request
 * is created and whenever its state changes (requests are few, so these component writes are rare). Creating,
 * cancelling and fulfilling stay in the API, where the due date, evidence and export bundle are handled.
 * The page keeps every open request and the most recent closed ones ({@link #MAX_ROWS} rows in all).
 */
public class DsrConsolePageFactory extends ReadOnlyConsolePage {

    public static final String ID = "authio-dsrs";
    static final int MAX_ROWS = 200;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Authio data-subject requests (GDPR/CCPA deletion and export) of this realm, read-only. Create, cancel and fulfil them with "
                + "Authio's admin API (/admin/realms/{realm}/authio/compliance/dsr), which also gives the evidence.";
    }

    @Override
    protected List<String> displayFields() {
        return List.of("received", "request_type", "subject", "status", "due", "completed");
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                readOnly("received", "Received", ProviderConfigProperty.STRING_TYPE, "When the request was recorded (UTC)"),
                readOnly("request_type", "Type", ProviderConfigProperty.STRING_TYPE, "deletion or export"),
                readOnly("subject", "Subject", ProviderConfigProperty.STRING_TYPE, "The data subject's email address"),
                readOnly("status", "Status", ProviderConfigProperty.STRING_TYPE, "pending, in_progress, completed or cancelled (overdue: past its due date)"),
                readOnly("due", "Due", ProviderConfigProperty.STRING_TYPE, "The legal due date (UTC)"),
                readOnly("completed", "Completed", ProviderConfigProperty.STRING_TYPE, "When it was fulfilled or cancelled (UTC)"),
                readOnly("dsr_id", "Request id", ProviderConfigProperty.STRING_TYPE, "The id in Authio's API"),
                readOnly("notes", "Notes", ProviderConfigProperty.STRING_TYPE, "Notes given with the request"));
    }

    @Override
    protected String createRefusal(RealmModel realm) {
        return "Record data-subject requests with POST /admin/realms/" + realm.getName()
                + "/authio/compliance/dsr (Authio's admin API), which sets the due date and keeps the evidence.";
    }

    @Override
    protected String editRefusal(RealmModel realm) {
        return "Data-subject requests are read-only here; cancel or fulfil them with POST /admin/realms/" + realm.getName()
                + "/authio/compliance/dsr/ID/cancel or /fulfill (Authio's admin API).";
    }

    /** Creates or refreshes the console row of a request (in the transaction that changed it). */
    static void sync(KeycloakSession session, RealmModel realm, DsrEntity d) {
        if (realm == null || !ConsoleComponents.enabled()) {
            return;
        }
        DsrStatus status = DsrStatus.of(d.getStatus());
        boolean overdue = DsrRequests.isOverdue(status, Instant.ofEpochMilli(d.getDueAt()), Instant.now());
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("received", List.of(DsrViews.ts(d.getCreatedAt())));
        c.put("request_type", List.of(d.getRequestType()));
        c.put("subject", d.getUserEmail() == null ? List.of() : List.of(d.getUserEmail()));
        c.put("status", List.of(d.getStatus() + (overdue ? " (overdue)" : "")));
        c.put("due", List.of(DsrViews.ts(d.getDueAt())));
        Long closed = d.getCompletedAt() != null ? d.getCompletedAt() : d.getCancelledAt();
        c.put("completed", closed == null ? List.of() : List.of(DsrViews.ts(closed)));
        c.put("dsr_id", List.of(d.getId()));
        c.put("notes", d.getNotes() == null ? List.of() : List.of(d.getNotes()));
        String componentId = d.getId().substring(DsrId.PREFIX.length());
        if (ConsoleComponents.put(session, realm, componentId, ConsoleComponents.PAGE, ID, d.getId(), c)) {
            prune(session, realm);
        }
    }

    /** Drops the oldest closed rows beyond {@link #MAX_ROWS}; open requests always stay. */
    private static void prune(KeycloakSession session, RealmModel realm) {
        List<ComponentModel> rows = ConsoleComponents.list(realm, ConsoleComponents.PAGE, ID);
        int excess = rows.size() - MAX_ROWS;
        for (int i = rows.size() - 1; i >= 0 && excess > 0; i--) {
            String status = rows.get(i).get("status");
            if (status != null && (status.startsWith("completed") || status.startsWith("cancelled"))) {
                ConsoleComponents.remove(session, realm, rows.get(i).getId());
                excess--;
            }
        }
    }
}
