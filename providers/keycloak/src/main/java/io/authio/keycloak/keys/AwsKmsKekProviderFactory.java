package io.authio.keycloak.keys;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.authio.core.keys.AwsKmsKeks;
import io.authio.core.keys.AwsKmsSettings;
import io.authio.core.keys.KekHealth;
import io.authio.core.keys.KekSet;
import io.authio.keycloak.store.Background;

/**
 * KEK provider {@code aws-kms}: a symmetric AWS KMS key wraps the data keys ({@code Encrypt}/{@code Decrypt} with
 * the realm and data key version as encryption context). Credentials come from the AWS SDK's default chain
 * (environment, profile, web identity for Kubernetes service accounts, container and instance roles), never from
 * Keycloak's configuration.
 *
 * <pre>
 * --spi-authio-kek--aws-kms--key-id=alias/authio-kek          (key id, key ARN, alias name or alias ARN)
 * --spi-authio-kek--aws-kms--previous-key-ids=arn:aws:kms:... (during a KEK rotation)
 * --spi-authio-kek--aws-kms--region=eu-central-1              (default: the key ARN's region, else the SDK's chain)
 * --spi-authio-kek--aws-kms--endpoint=https://vpce-...        (VPC or FIPS endpoint; http only to loopback)
 * --spi-authio-kek--aws-kms--call-timeout-ms=5000 --max-attempts=4 --cache-seconds=600
 * </pre>
 */
public class AwsKmsKekProviderFactory extends AbstractKekProviderFactory implements ServerInfoAwareProviderFactory {

    public static final String ID = "aws-kms";
    private static final Logger LOG = Logger.getLogger(AwsKmsKekProviderFactory.class);
    private static volatile AwsKmsKekProviderFactory instance;
    /** Keycloak's thread pool the health probe runs on (see {@link #probeIfDue}). */
    static final String PROBE_POOL = "authio-kek-probe";

    private KekHealth health;
    private final AtomicLong lastProbe = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile KeycloakSessionFactory sessionFactory;

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        this.health = new KekHealth(Clock.systemUTC(), new KekHealth.Listener() {
            @Override
            public void failing(String lastError) {
                LOG.warnf("Authio: the aws-kms KEK is failing: %s. Data keys already opened on this node keep working for up to %d s "
                        + "(cache-seconds); see the 'Authio KEK' readiness check", lastError, cache().lifetimeMillis() / 1000);
            }

            @Override
            public void recovered(Instant failingSince) {
                LOG.infof("Authio: the aws-kms KEK answers again (failing since %s)", failingSince);
            }
        });
        instance = this;
    }

    /** This node's aws-kms provider, for the health check (null when Keycloak has not initialised it). */
    static AwsKmsKekProviderFactory instance() {
        return instance;
    }

    @Override
    public boolean isConfigured() {
        return option("keyId") != null;
    }

    @Override
    protected KekSet load(KeycloakSession session) {
        return AwsKmsKeks.load(settings(), health);
    }

    AwsKmsSettings settings() {
        try {
            String endpoint = option("endpoint");
            String previous = option("previousKeyIds");
            return new AwsKmsSettings(option("keyId"),
                    previous == null ? List.of() : Arrays.stream(previous.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    option("region"), endpoint == null ? null : URI.create(endpoint),
                    option("callTimeoutMs") == null ? null : Duration.ofMillis(Long.parseLong(option("callTimeoutMs"))),
                    option("maxAttempts") == null ? AwsKmsSettings.DEFAULT_MAX_ATTEMPTS : Integer.parseInt(option("maxAttempts")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the aws-kms KEK provider is misconfigured: " + e.getMessage(), e);
        }
    }

    /** Whether the KEK was loaded here, and how its recent calls went. */
    KekHealth.Snapshot health() {
        return health.snapshot(cache().lifetimeMillis());
    }

    long probeIntervalMillis() {
        String seconds = option("healthProbeSeconds");
        return seconds == null ? 60_000L : Math.max(1, Long.parseLong(seconds)) * 1000L;
    }

    boolean loaded() {
        return loadedKeks() != null;
    }

    String currentKekId() {
        KekSet keks = loadedKeks();
        return keks == null ? null : keks.current().id();
    }

    /**
     * Starts a round trip with the current key (one Encrypt and Decrypt) on Keycloak's {@value #PROBE_POOL} pool when
     * one is due: at most every {@code health-probe-seconds}, every 10 s while failing, one at a time. Never waits
     * for it: a black-holed KMS must not hold the caller for the call deadline; the outcome lands in {@link #health()}.
     */
    void probeIfDue(KekHealth.State state) {
        KeycloakSessionFactory factory = sessionFactory;
        if (factory == null) {
            return; // not started yet, or closed
        }
        long now = System.currentTimeMillis();
        long last = lastProbe.get();
        if (now - last < KekHealth.probeInterval(state, probeIntervalMillis()) || !lastProbe.compareAndSet(last, now) || !probing.compareAndSet(false, true)) {
            return;
        }
        try {
            Background.submit(factory, PROBE_POOL, () -> {
                try {
                    KekSet keks = loadedKeks();
                    if (keks != null) {
                        keks.current().check();
                    }
                } catch (RuntimeException e) {
                    // recorded in the KEK's health by the call itself
                } finally {
                    probing.set(false);
                }
                return null;
            });
        } catch (RuntimeException e) {
            probing.set(false); // the pool takes no more work: Keycloak is stopping
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        this.sessionFactory = factory;
    }

    /** No probe starts once Keycloak closes this factory; one running ends with Keycloak's pool. */
    @Override
    public void close() {
        sessionFactory = null;
        super.close();
    }

    @Override
    public String requiredOptions() {
        return "--spi-authio-kek--aws-kms--key-id (credentials from the AWS SDK's default chain)";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("configured", Boolean.toString(isConfigured()));
        if (isConfigured()) {
            AwsKmsSettings settings = settings();
            info.put("key-id", settings.keyId());
            info.put("previous-key-ids", String.join(",", settings.previousKeyIds()));
            info.put("region", String.valueOf(settings.effectiveRegion()));
            info.put("endpoint", String.valueOf(settings.endpoint()));
            info.put("call-timeout-ms", Long.toString(settings.callTimeout().toMillis()));
            info.put("max-attempts", Integer.toString(settings.maxAttempts()));
            info.put("cache-seconds", Long.toString(cache().lifetimeMillis() / 1000));
            info.put("state", health().state().name());
        }
        return info;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return withCacheOption(ProviderConfigurationBuilder.create())
                .property().name("key-id").type("string").helpText("The KMS key that wraps new data keys: key id, key ARN, alias/<name> or alias ARN").add()
                .property().name("previous-key-ids").type("string").helpText("Comma-separated older KMS keys that must still unwrap data keys (KEK rotation)").add()
                .property().name("region").type("string").helpText("AWS region (default: the key ARN's region, else the SDK's region chain)").add()
                .property().name("endpoint").type("string").helpText("Endpoint override, e.g. a VPC endpoint (https; http only for loopback)").add()
                .property().name("call-timeout-ms").type("int").defaultValue(AwsKmsSettings.DEFAULT_CALL_TIMEOUT.toMillis())
                .helpText("Deadline of one KMS call including retries (200-120000)").add()
                .property().name("max-attempts").type("int").defaultValue(AwsKmsSettings.DEFAULT_MAX_ATTEMPTS)
                .helpText("Attempts per KMS call; throttling and transient errors are retried with backoff (1-10)").add()
                .property().name("health-probe-seconds").type("int").defaultValue(60)
                .helpText("How often the 'Authio KEK' readiness check asks KMS (every 10 s while failing)").add()
                .build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
