package io.authio.keycloak.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;
import io.authio.core.webhook.WebhookSecret;
import io.authio.keycloak.http.Api;
import io.authio.keycloak.http.Caller;

/**
 * {@code /admin/realms/{realm}/authio/webhooks}: Standard Webhooks endpoints. The signing secret is
 * generated here, returned once (on creation and on rotation) and stored sealed.
 */
public class WebhooksResource extends DestinationsResource<WebhooksResource.WebhookBody> {

    static final long DEFAULT_GRACE_SECONDS = 24 * 3600;
    static final long MAX_GRACE_SECONDS = 7 * 24 * 3600;

    /** The create and update body of a webhook endpoint. */
    record WebhookBody(String url, List<String> eventTypes, String description, Boolean enabled) implements DestinationBody {
        WebhookBody {
            DestinationBody.check(url, eventTypes, description);
        }
    }

    /** The body of a secret rotation. */
    record RotateSecretBody(Long gracePeriodSeconds) {
        RotateSecretBody {
            Fields.integer("grace_period_seconds", gracePeriodSeconds, 0, MAX_GRACE_SECONDS, DEFAULT_GRACE_SECONDS);
        }
    }

    public WebhooksResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        super(session, realm, auth, "webhooks", "WEBHOOK", WebhookBody.class);
    }

    @Override
    protected List<Destination.Kind> kinds() {
        return List.of(Destination.Kind.WEBHOOK);
    }

    @Override
    protected String auditPrefix() {
        return "webhook.endpoint";
    }

    @Override
    protected void apply(WebhookBody in, DestinationEntity d, boolean created, Map<String, Object> response) {
        if (created) {
            d.setKind(Destination.Kind.WEBHOOK.id());
            WebhookSecret secret = WebhookSecret.generate();
            d.setSecret(store.seal(realm.getId(), DestinationStore.WEBHOOK_SECRET, d.getId(), secret.encoded()));
            response.put("secret", secret.encoded());
        }
    }

    @Override
    protected String checkUrl(String url, String kind) {
        return super.checkUrl(url, Destination.Kind.WEBHOOK.id());
    }

    /**
     * Issues a new signing secret. The previous one keeps signing (both signatures are sent) until the
     * grace period ends, so receivers can switch without dropping a delivery.
     */
    @POST
    @Path("{id}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateSecret(@PathParam("id") String id, String body) {
        return Api.run(session, () -> {
            Caller caller = requireManage();
            DestinationEntity d = find(id);
            Long grace = JsonBody.read(body, RotateSecretBody.class).gracePeriodSeconds();
            long now = System.currentTimeMillis();
            long graceMillis = (grace == null ? DEFAULT_GRACE_SECONDS : grace) * 1000;
            String current = store.open(realm.getId(), DestinationStore.WEBHOOK_SECRET, d.getId(), d.getSecret());
            WebhookSecret next = WebhookSecret.generate();
            d.setSecret(store.seal(realm.getId(), DestinationStore.WEBHOOK_SECRET, d.getId(), next.encoded()));
            if (graceMillis > 0) {
                d.setPreviousSecret(store.seal(realm.getId(), DestinationStore.WEBHOOK_PREVIOUS_SECRET, d.getId(), current));
                d.setPreviousSecretUntil(now + graceMillis);
            } else {
                d.setPreviousSecret(null);
                d.setPreviousSecretUntil(null);
            }
            d.setUpdatedAt(now);
            audit("secret_rotated", caller, d, OperationType.ACTION);
            Map<String, Object> out = new LinkedHashMap<>(DestinationViews.destination(d));
            out.put("secret", next.encoded());
            return Api.ok(out);
        });
    }
}
