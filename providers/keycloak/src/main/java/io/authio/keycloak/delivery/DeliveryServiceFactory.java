package io.authio.keycloak.delivery;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Starts this node's outbox dispatcher and housekeeping when Keycloak starts, stops them on shutdown.
 * Every node runs one; the database arbitrates which node sends which message.
 */
public class DeliveryServiceFactory implements ProviderFactory<DeliveryService>, ServerInfoAwareProviderFactory {

    public static final String ID = "authio-delivery";
    private static final Logger LOG = Logger.getLogger(DeliveryServiceFactory.class);

    private DeliveryConfig config;
    private Dispatcher dispatcher;
    private ScheduledExecutorService housekeeping;

    @Override
    public DeliveryService create(KeycloakSession session) {
        DeliveryConfig c = config;
        Dispatcher d = dispatcher;
        return new DeliveryService() {
            @Override
            public void wake() {
                if (d != null) {
                    d.wake();
                }
            }

            @Override
            public DeliveryConfig config() {
                return c;
            }
        };
    }

    @Override
    public void init(Config.Scope scope) {
        config = DeliveryConfig.from(scope);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!config.enabled()) {
            LOG.info("Authio event delivery is disabled on this node (spi-authio-delivery--authio-delivery--enabled=false)");
            return;
        }
        dispatcher = new Dispatcher(factory, config);
        // Start once the database schema is migrated: started earlier, the first cycles fail on missing tables and
        // back off for up to half a minute, delaying the first deliveries after every restart.
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && dispatcher != null) {
                dispatcher.start();
            }
        });
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "authio-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(new Housekeeping(factory, config), 60, 60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public java.util.Map<String, String> getOperationalInfo() {
        return java.util.Map.of(
                "retry-attempts", Integer.toString(config.retrySchedule().attempts()),
                "batch-size", Integer.toString(config.batchSize()),
                "dispatcher", dispatcher == null ? "off" : "running");
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("enabled").type("boolean").defaultValue(true)
                .helpText("Run the outbox dispatcher on this node.").add()
                .property().name("retry-schedule").type("string").defaultValue(io.authio.core.delivery.RetrySchedule.STANDARD)
                .helpText("Delay before each attempt, comma-separated; after the last the message is dead-lettered.").add()
                .property().name("lease-seconds").type("int").defaultValue(60)
                .helpText("How long a claimed message stays with the node that claimed it before another may retry it.").add()
                .property().name("poll-interval-millis").type("int").defaultValue(500)
                .helpText("How often the dispatcher looks for messages committed on other nodes.").add()
                .property().name("batch-size").type("int").defaultValue(500).helpText("Messages claimed per cycle.").add()
                .property().name("concurrency").type("int").defaultValue(64).helpText("Webhook requests in flight per endpoint and node.").add()
                .property().name("connect-timeout-seconds").type("int").defaultValue(5).add()
                .property().name("request-timeout-seconds").type("int").defaultValue(10).add()
                .property().name("disable-after-seconds").type("int").defaultValue(432000)
                .helpText("Disable a destination that failed continuously this long (default 5 days).").add()
                .property().name("delivered-retention-seconds").type("int").defaultValue(604800).add()
                .property().name("dead-retention-seconds").type("int").defaultValue(2592000).add()
                .build();
    }
}
