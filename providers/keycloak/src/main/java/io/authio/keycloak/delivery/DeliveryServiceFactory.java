package io.authio.keycloak.delivery;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.authio.keycloak.audit.AuditLog;

/**
 * Starts this node's outbox dispatcher when Keycloak starts, stops it on shutdown. Every node runs one; the
 * database arbitrates which node sends which message. Pruning old messages is the retention purge's job
 * (io.authio.keycloak.retention), which runs whether or not delivery is enabled here.
 */
public class DeliveryServiceFactory implements ProviderFactory<DeliveryService>, ServerInfoAwareProviderFactory {

    public static final String ID = "authio-delivery";
    private static final Logger LOG = Logger.getLogger(DeliveryServiceFactory.class);

    private DeliveryConfig config;
    private DeliveryLoop dispatcher;

    @Override
    public DeliveryService create(KeycloakSession session) {
        DeliveryConfig c = config;
        DeliveryLoop d = dispatcher;
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
        // every node queues what it records, whether or not it dispatches
        AuditLog.subscribe("delivery", Outbox::enqueue);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                AllowlistMigration.run(factory);
            }
        });
        if (!config.enabled()) {
            LOG.info("Authio event delivery is disabled on this node (spi-authio-delivery--authio-delivery--enabled=false)");
            return;
        }
        dispatcher = new DeliveryLoop(factory, config);
        // Start once the database schema is migrated: started earlier, the first cycles fail on missing tables and
        // back off for up to half a minute, delaying the first deliveries after every restart.
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && dispatcher != null) {
                dispatcher.start();
            }
        });
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(
                "retry-attempts", Integer.toString(config.retrySchedule().attempts()),
                "batch-size", Integer.toString(config.batchSize()),
                "allowed-networks", config.allowedNetworks().networks().stream().map(Object::toString).collect(Collectors.joining(",")),
                "max-destinations-per-realm", Integer.toString(config.maxDestinations()),
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
                .property().name("allowed-networks").type("string").defaultValue("")
                .helpText("Comma-separated non-public networks (CIDR) realms may allowlist for deliveries and export uploads; "
                        + "loopback, link-local and metadata addresses only when listed themselves. None by default.").add()
                .property().name("max-destinations-per-realm").type("int").defaultValue(20)
                .helpText("Webhook endpoints and SIEM sinks a realm may have, together.").add()
                .property().name("realm-concurrency").type("int").defaultValue(128)
                .helpText("Delivery requests one realm may have in flight on a node.").add()
                .property().name("max-in-flight").type("int").defaultValue(1024)
                .helpText("Delivery requests all realms may have in flight on a node.").add()
                .build();
    }
}
