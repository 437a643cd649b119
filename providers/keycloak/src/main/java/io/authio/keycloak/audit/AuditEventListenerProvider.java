package io.authio.keycloak.audit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.authio.core.audit.AuditEvent;
import io.authio.core.audit.AuditTaxonomy;
import io.authio.core.id.Uuid7;
import io.authio.keycloak.http.AdminAccess;

/**
 * Turns Keycloak's user and admin events into AUTHIO_AUDIT_EVENT rows. Runs inside the transaction that
 * produced the event (Keycloak sends error events in a transaction of their own, so failures are kept
 * even when the request rolls back). Does no network I/O.
 */
public class AuditEventListenerProvider implements EventListenerProvider {

    /** Event details worth keeping: small, non-secret, useful in an investigation. */
    private static final Set<String> KEPT_DETAILS = Set.of(
            Details.USERNAME, Details.AUTH_METHOD, Details.AUTH_TYPE, Details.CREDENTIAL_TYPE,
            Details.IDENTITY_PROVIDER, Details.GRANT_TYPE, Details.REASON, Details.REMEMBER_ME,
            Details.CLIENT_AUTH_METHOD, Details.CONSENT, Details.IMPERSONATOR, Details.IMPERSONATOR_REALM, "org_id");

    private final KeycloakSession session;

    public AuditEventListenerProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        String keycloakType = event.getType().name();
        Optional<String> type = AuditTaxonomy.userEventType(keycloakType, details.get(Details.CREDENTIAL_TYPE));
        if (type.isEmpty()) {
            return;
        }

        Map<String, String> metadata = new HashMap<>();
        details.forEach((k, v) -> {
            if (v != null && KEPT_DETAILS.contains(k)) {
                metadata.put(k, RequestContext.truncate(v, 255));
            }
        });
        if (event.getError() != null) {
            metadata.put("error", RequestContext.truncate(event.getError(), 255));
        }
        metadata.put("keycloak_event_id", event.getId());

        RealmModel realm = session.realms().getRealm(event.getRealmId());
        String email = emailOf(realm, event.getUserId());
        if (email != null) {
            metadata.put("user_email", email);
        }

        String actorType = "user";
        String actorId = event.getUserId();
        if (keycloakType.startsWith("CLIENT_")) {
            actorType = "client";
            actorId = event.getClientId();
        } else if (keycloakType.startsWith("IMPERSONATE")) {
            // Keycloak names the impersonating administrator by username only.
            actorType = "admin";
            actorId = details.get(Details.IMPERSONATOR);
        }

        AuditLog.of(session).record(new AuditEvent(
                Uuid7.next(),
                event.getRealmId(),
                Instant.ofEpochMilli(event.getTime()),
                type.get(),
                AuditTaxonomy.isFailure(keycloakType) ? AuditEvent.Outcome.FAILURE : AuditEvent.Outcome.SUCCESS,
                actorType,
                actorId,
                event.getUserId(),
                event.getSessionId(),
                event.getClientId(),
                RequestContext.truncate(event.getIpAddress(), 64),
                RequestContext.of(session).userAgent(),
                metadata));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String resourceType = event.getResourceTypeAsString();
        if (resourceType != null && resourceType.startsWith(AdminAccess.RESOURCE_TYPE_PREFIX)) {
            return; // Authio's own configuration change: its audit event, naming the caller, is already written
        }
        // The representation is never stored: it can carry credentials and client secrets.
        String path = event.getResourcePath();
        String type = AuditTaxonomy.adminEventType(event.getResourceTypeAsString(),
                event.getOperationType() == null ? null : event.getOperationType().name(), path);

        Map<String, String> metadata = new HashMap<>();
        metadata.put("resource_type", String.valueOf(event.getResourceTypeAsString()));
        metadata.put("operation", event.getOperationType() == null ? "" : event.getOperationType().name());
        if (path != null) {
            metadata.put("resource_path", RequestContext.truncate(path, 255));
        }
        if (event.getError() != null) {
            metadata.put("error", RequestContext.truncate(event.getError(), 255));
        }
        metadata.put("keycloak_event_id", event.getId());

        RealmModel realm = session.realms().getRealm(event.getRealmId());
        String userId = AuditTaxonomy.subjectUserId(path).orElse(null);
        String email = emailOf(realm, userId);
        if (email != null) {
            metadata.put("user_email", email);
        }

        AuthDetails auth = event.getAuthDetails();
        String actorId = null;
        String clientId = null;
        String ip = null;
        if (auth != null) {
            actorId = auth.getUserId();
            ip = auth.getIpAddress();
            clientId = publicClientId(auth.getRealmId(), auth.getClientId());
            if (auth.getRealmId() != null && !auth.getRealmId().equals(event.getRealmId())) {
                metadata.put("actor_realm_id", auth.getRealmId());
            }
        }

        AuditLog.of(session).record(new AuditEvent(
                Uuid7.next(),
                event.getRealmId(),
                Instant.ofEpochMilli(event.getTime()),
                type,
                event.getError() == null ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                "admin",
                actorId,
                userId,
                null,
                clientId,
                RequestContext.truncate(ip, 64),
                RequestContext.of(session).userAgent(),
                metadata));
    }

    private String emailOf(RealmModel realm, String userId) {
        if (realm == null || userId == null) {
            return null;
        }
        UserModel user = session.users().getUserById(realm, userId);
        return user == null ? null : user.getEmail();
    }

    /** Admin events name the client by its internal id; the audit log shows the clientId people know. */
    private String publicClientId(String realmId, String internalId) {
        if (realmId == null || internalId == null) {
            return internalId;
        }
        RealmModel realm = session.realms().getRealm(realmId);
        ClientModel client = realm == null ? null : session.clients().getClientById(realm, internalId);
        return client == null ? internalId : client.getClientId();
    }

    @Override
    public void close() {
    }
}
