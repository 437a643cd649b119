package io.authio.keycloak.keys;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;

import io.authio.core.keys.DataKey;
import io.authio.core.keys.DataKeyWrap;
import io.authio.core.keys.Kek;

/**
 * Chooses KEKs across the configured providers: new data keys are wrapped by the current KEK of the default
 * provider ({@code --spi-authio-kek--provider-default}, else {@code keystore}) or, when only one provider is
 * configured, of that one; a stored data key is unwrapped by whichever provider owns the KEK id it names, so
 * keys wrapped before a KEK rotation or a move to an HSM keep opening until re-wrapped.
 */
public final class Keks {

    private final KeycloakSession session;

    private Keks(KeycloakSession session) {
        this.session = session;
    }

    public static Keks of(KeycloakSession session) {
        return new Keks(session);
    }

    public List<KekProviderFactory> factories() {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(KekProvider.class)
                .map(KekProviderFactory.class::cast)
                .sorted(Comparator.comparingInt(KekProviderFactory::order).reversed().thenComparing(KekProviderFactory::getId))
                .toList();
    }

    public boolean anyConfigured() {
        return factories().stream().anyMatch(KekProviderFactory::isConfigured);
    }

    /** The provider that wraps new data keys, if any is configured. */
    public Optional<KekProviderFactory> currentFactory() {
        KekProvider preferred = session.getProvider(KekProvider.class);
        if (preferred != null && preferred.isConfigured()) {
            return factory(preferred.providerId());
        }
        return factories().stream().filter(KekProviderFactory::isConfigured).findFirst();
    }

    public Kek current() {
        KekProviderFactory factory = currentFactory().orElseThrow(() -> new KekUnavailableException(notConfigured()));
        return factory.keks(session).current();
    }

    /** The KEK with this id, from the provider its prefix names. */
    public Kek find(String kekId) {
        KekProviderFactory factory = owner(kekId).orElseThrow(() -> new KekUnavailableException(
                "data keys are wrapped by KEK " + kekId + ", but no KEK provider named '" + prefix(kekId) + "' exists"));
        if (!factory.isConfigured()) {
            throw new KekUnavailableException("data keys are wrapped by KEK " + kekId + ", but the " + factory.getId()
                    + " KEK provider is not configured (set " + factory.requiredOptions() + ")");
        }
        return factory.keks(session).find(kekId).orElseThrow(() -> new KekUnavailableException(
                "data keys are wrapped by KEK " + kekId + ", which the " + factory.getId()
                        + " provider does not offer: add its alias to --spi-authio-kek--" + factory.getId()
                        + "--previous-key-aliases until the data keys are re-wrapped"));
    }

    public DataKey unwrap(DataKeyEntity row) {
        Kek kek = find(row.getKekId()); // explains what is missing when the KEK is not available
        KekProviderFactory factory = owner(row.getKekId()).orElseThrow();
        return Secrets.kek(() -> factory.cache().get(row.getKekId(), row.getRealmId(), row.getVersion(), row.getWrappedKey(),
                () -> DataKeyWrap.unwrap(kek, row.getRealmId(), row.getVersion(), row.getWrappedKey())));
    }

    /**
     * Until when something derived from this data key (a parsed private key) may be reused without opening it again:
     * as long as this node keeps the unwrapped data key, so disabling a remote KEK stops its use within the cache
     * lifetime too. 0 when the data key is not held (open it again).
     */
    public long openedUntil(DataKeyEntity row) {
        return owner(row.getKekId()).map(f -> f.cache().expiresAt(row.getKekId(), row.getRealmId(), row.getVersion(), row.getWrappedKey()))
                .orElse(0L);
    }

    private Optional<KekProviderFactory> owner(String kekId) {
        return factory(prefix(kekId));
    }

    private Optional<KekProviderFactory> factory(String id) {
        return factories().stream().filter(f -> f.getId().equals(id)).findFirst();
    }

    private static String prefix(String kekId) {
        int colon = kekId.indexOf(':');
        return colon < 0 ? kekId : kekId.substring(0, colon);
    }

    public String notConfigured() {
        StringBuilder message = new StringBuilder("no key-encryption key (KEK) is configured for Authio. Configure one of: ");
        List<KekProviderFactory> all = factories();
        for (int i = 0; i < all.size(); i++) {
            message.append(i == 0 ? "" : "; or ").append(all.get(i).getId()).append(": ").append(all.get(i).requiredOptions());
        }
        return message.append(". See docs/key-management.md.").toString();
    }
}
