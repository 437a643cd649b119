package io.authio.keycloak.keys;

import java.util.Arrays;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.vault.VaultCharSecret;

import io.authio.core.keys.DevKeystore;
import io.authio.core.keys.KekCallException;
import io.authio.core.keys.KekSet;

/**
 * Shared option handling of the KEK providers: the current key alias, the previous aliases that stay
 * readable during a KEK rotation, secrets given literally or by name from Keycloak's vault, and loading
 * the keys once per node.
 */
public abstract class AbstractKekProviderFactory implements KekProviderFactory {

    /** Default lifetime of an unwrapped data key in this node's memory. */
    public static final int DEFAULT_CACHE_SECONDS = 600;
    private static final int MAX_CACHE_SECONDS = 86_400;

    private final Object lock = new Object();
    private volatile KekSet loaded;
    private DataKeyCache cache = new DataKeyCache(10_000, DEFAULT_CACHE_SECONDS * 1000L);
    protected Config.Scope config;

    @Override
    public void init(Config.Scope config) {
        this.config = config;
        String seconds = option("cacheSeconds");
        int lifetime;
        try {
            lifetime = seconds == null ? DEFAULT_CACHE_SECONDS : Integer.parseInt(seconds);
        } catch (NumberFormatException e) {
            lifetime = -1;
        }
        if (lifetime < 1 || lifetime > MAX_CACHE_SECONDS) {
            throw new IllegalStateException("--spi-authio-kek--" + getId() + "--cache-seconds must be between 1 and " + MAX_CACHE_SECONDS);
        }
        this.cache = new DataKeyCache(10_000, lifetime * 1000L);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public KekProvider create(KeycloakSession session) {
        String id = getId();
        boolean configured = isConfigured();
        return new KekProvider() {
            @Override
            public String providerId() {
                return id;
            }

            @Override
            public boolean isConfigured() {
                return configured;
            }
        };
    }

    @Override
    public KekSet keks(KeycloakSession session) {
        KekSet keks = loaded;
        if (keks != null) {
            return keks;
        }
        synchronized (lock) {
            if (loaded == null) {
                if (!isConfigured()) {
                    throw new IllegalStateException("the " + getId() + " KEK provider is not configured (set " + requiredOptions() + ")");
                }
                try {
                    loaded = load(session);
                } catch (KekCallException e) {
                    // "unavailable", not "cannot unwrap": the startup check then names the cause (denied, disabled, unreachable)
                    throw new KekUnavailableException("the " + getId() + " KEK cannot be used: " + e.getMessage(), e);
                }
            }
            return loaded;
        }
    }

    /** Reads the key store; called once, under a lock. */
    protected abstract KekSet load(KeycloakSession session);

    protected String currentAlias() {
        String alias = option("keyAlias");
        return alias == null ? DevKeystore.ALIAS : alias;
    }

    protected List<String> previousAliases() {
        String value = option("previousKeyAliases");
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    protected String option(String name) {
        if (config == null) {
            return null;
        }
        String value = config.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A secret given either literally ({@code <name>}) or as the name of an entry in Keycloak's vault
     * ({@code <name>-vault-key}), looked up with the master realm as context: with the default file vault
     * and key resolver, entry {@code kek-password} is the file {@code master_kek-password}.
     */
    protected char[] secret(KeycloakSession session, String name) {
        String vaultKey = option(name + "VaultKey");
        if (vaultKey != null) {
            return fromVault(session, vaultKey, name);
        }
        String literal = config == null ? null : config.get(name);
        if (literal == null || literal.isEmpty()) {
            throw new IllegalStateException("the " + getId() + " KEK provider needs --spi-" + KekSpi.NAME + "--" + getId() + "--"
                    + dash(name) + " or --spi-" + KekSpi.NAME + "--" + getId() + "--" + dash(name) + "-vault-key");
        }
        return literal.toCharArray();
    }

    private char[] fromVault(KeycloakSession caller, String vaultKey, String name) {
        // a session of its own: the vault provider binds to the realm in context when it is first created.
        // On a fresh database the master realm is still uncommitted in the caller's transaction (its creation
        // seals its signing key), so it is looked up there; the vault reads only the realm's name.
        return KeycloakModelUtils.runJobInTransactionWithResult(caller.getKeycloakSessionFactory(), s -> {
            RealmModel master = s.realms().getRealmByName(Config.getAdminRealm());
            if (master == null) {
                master = caller.realms().getRealmByName(Config.getAdminRealm());
            }
            if (master == null) {
                throw new IllegalStateException("the vault is read with the " + Config.getAdminRealm() + " realm as context, which does not exist yet");
            }
            s.getContext().setRealm(master);
            try (VaultCharSecret secret = s.vault().getCharSecret("${vault." + vaultKey + "}")) {
                char[] value = secret.getAsArray().orElseThrow(() -> new IllegalStateException(
                        "Keycloak's vault has no entry " + vaultKey + " (for the " + getId() + " KEK " + dash(name)
                                + "); is a vault configured (--vault=file --vault-dir=...)?"));
                return value.clone();
            }
        });
    }

    static String dash(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public DataKeyCache cache() {
        return cache;
    }

    /** The KEK set if it has been loaded on this node (health reporting must not trigger a load). */
    protected KekSet loadedKeks() {
        return loaded;
    }

    /** The option every KEK provider shares: how long an unwrapped data key stays in this node's memory. */
    protected static ProviderConfigurationBuilder withCacheOption(ProviderConfigurationBuilder builder) {
        return builder.property().name("cache-seconds").type("int").defaultValue(DEFAULT_CACHE_SECONDS)
                .helpText("Seconds an unwrapped data key stays in this node's memory (1-86400); also how long an outage of a "
                        + "remote KEK is survived").add();
    }

    @Override
    public void close() {
    }
}
