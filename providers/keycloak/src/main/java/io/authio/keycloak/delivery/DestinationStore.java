package io.authio.keycloak.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;

import io.authio.core.delivery.OpenedSecrets;
import io.authio.core.net.Cidr;
import io.authio.core.siem.SiemFormat;
import io.authio.core.webhook.EventFilter;
import io.authio.core.webhook.WebhookSecret;
import io.authio.keycloak.keys.Secrets;
import io.authio.keycloak.store.RealmData;
import io.authio.keycloak.store.RealmSettings;

/** Reads and writes AUTHIO_DESTINATION; opens sealed secrets for the dispatcher. */
public class DestinationStore {

    public static final String WEBHOOK_SECRET = "webhook-secret";
    public static final String WEBHOOK_PREVIOUS_SECRET = "webhook-secret-previous";
    public static final String SINK_CREDENTIAL = "sink-credential";
    /** Realm setting: comma-separated networks deliveries may reach although they are not public. */
    public static final String ALLOWLIST_SETTING = "delivery.allowed-networks";

    private final KeycloakSession session;
    private final EntityManager em;

    public DestinationStore(KeycloakSession session) {
        this.session = session;
        this.em = RealmData.em(session);
    }

    /** Id and filter of the realm's enabled destinations: the per-event fan-out reads only this. */
    public List<Object[]> enabledFilters(String realmId) {
        return em.createQuery("select d.id, d.eventFilter from DestinationEntity d where d.realmId = :realmId and d.enabled = true",
                Object[].class).setParameter("realmId", realmId).getResultList();
    }

    public DestinationEntity find(String realmId, String id, Destination.Kind... kinds) {
        if (id == null || id.length() > 36) {
            return null;
        }
        DestinationEntity d = em.find(DestinationEntity.class, id);
        if (d == null || !d.getRealmId().equals(realmId)) {
            return null;
        }
        for (Destination.Kind k : kinds) {
            if (k.id().equals(d.getKind())) {
                return d;
            }
        }
        return kinds.length == 0 ? d : null;
    }

    public List<DestinationEntity> list(String realmId, List<String> kinds) {
        return em.createQuery("select d from DestinationEntity d where d.realmId = :realmId and d.kind in :kinds "
                        + "order by d.createdAt", DestinationEntity.class)
                .setParameter("realmId", realmId).setParameter("kinds", kinds).getResultList();
    }

    public void persist(DestinationEntity d) {
        em.persist(d);
    }

    /** Deletes a destination with its messages and their attempts. */
    public void delete(DestinationEntity d) {
        em.createQuery("delete from DeliveryAttemptEntity a where a.destinationId = :id").setParameter("id", d.getId()).executeUpdate();
        em.createQuery("delete from OutboxEntity o where o.destinationId = :id").setParameter("id", d.getId()).executeUpdate();
        em.remove(d);
    }

    public String seal(String realmId, String purpose, String destinationId, String plaintext) {
        return Secrets.of(session).seal(realmId, purpose, destinationId, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    public String open(String realmId, String purpose, String destinationId, String sealed) {
        return new String(Secrets.of(session).open(realmId, purpose, destinationId, sealed), StandardCharsets.UTF_8);
    }

    /** The dispatcher's view of a destination, secrets opened (through its memo of opened secrets). */
    Destination snapshot(DestinationEntity d, long now, OpenedSecrets opened) {
        Destination.Kind kind = Destination.Kind.of(d.getKind());
        List<WebhookSecret> signing = new ArrayList<>();
        String credential = null;
        if (kind == Destination.Kind.WEBHOOK) {
            signing.add(WebhookSecret.parse(open(d, WEBHOOK_SECRET, d.getSecret(), now, opened)));
            if (d.getPreviousSecret() != null && d.getPreviousSecretUntil() != null && d.getPreviousSecretUntil() > now) {
                signing.add(WebhookSecret.parse(open(d, WEBHOOK_PREVIOUS_SECRET, d.getPreviousSecret(), now, opened)));
            }
        } else if (d.getSecret() != null) {
            credential = open(d, SINK_CREDENTIAL, d.getSecret(), now, opened);
        }
        return new Destination(d.getId(), d.getRealmId(), kind, URI.create(d.getUrl()),
                d.getFormat() == null ? null : SiemFormat.of(d.getFormat()),
                d.getEncoding() == null ? null : Destination.Encoding.of(d.getEncoding()),
                EventFilter.parse(d.getEventFilter()), d.isEnabled(), signing, credential,
                DestinationOptions.parse(d.getOptions()), allowlist(d.getRealmId()), d.getUpdatedAt(), d.getFailingSince());
    }

    private String open(DestinationEntity d, String purpose, String sealed, long now, OpenedSecrets opened) {
        return opened.get(d.getRealmId(), purpose, d.getId(), sealed, now, () -> open(d.getRealmId(), purpose, d.getId(), sealed));
    }

    /** The networks the realm allowlisted, as stored. */
    public List<Cidr> storedAllowlist(String realmId) {
        return Cidr.parseList(new RealmSettings(session).get(realmId, ALLOWLIST_SETTING));
    }

    /** What the realm's allowlist opens now: its entries cut to the operator's ceiling (what the SSRF guard uses). */
    public List<Cidr> allowlist(String realmId) {
        return config().allowedNetworks().effective(storedAllowlist(realmId));
    }

    public long count(String realmId) {
        return em.createQuery("select count(d) from DestinationEntity d where d.realmId = :realmId", Long.class)
                .setParameter("realmId", realmId).getSingleResult();
    }

    DeliveryConfig config() {
        return session.getProvider(DeliveryService.class).config();
    }
}
