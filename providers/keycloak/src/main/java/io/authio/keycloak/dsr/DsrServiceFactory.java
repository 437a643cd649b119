package io.authio.keycloak.dsr;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.timer.TimerProvider;

/** Reads the settings and schedules the cluster-aware overdue sweep once the schema is migrated. */
public class DsrServiceFactory implements ProviderFactory<DsrService> {

    public static final String ID = "default";

    private DsrConfig config;

    @Override
    public DsrService create(KeycloakSession session) {
        DsrConfig c = config;
        return () -> c;
    }

    @Override
    public void init(Config.Scope scope) {
        config = DsrConfig.from(scope);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    TimerProvider timer = session.getProvider(TimerProvider.class);
                    long interval = config.overdueCheckInterval().toMillis();
                    timer.scheduleTask(new OverdueTask(config), interval, OverdueTask.NAME);
                });
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("batch-size").type("int").defaultValue(1000)
                .helpText("Rows anonymized per transaction during a deletion (at most 1000).").add()
                .property().name("artifact-ttl-seconds").type("int").defaultValue(86400)
                .helpText("How long an export bundle kept for download stays available (one download).").add()
                .property().name("overdue-check-interval-millis").type("int").defaultValue(300000)
                .helpText("How often the cluster looks for requests past their due date.").add()
                .property().name("claim-lease-seconds").type("int").defaultValue(900)
                .helpText("After this long a fulfillment, or an export download, that stopped (node crash, stalled client) may be taken over by a new call.").add()
                .property().name("upload-timeout-seconds").type("int").defaultValue(120)
                .helpText("Timeout of the HTTP PUT of an export bundle to output_artifact_url.").add()
                .property().name("requests-per-minute").type("int").defaultValue(120)
                .helpText("DSR API calls per minute per caller (API key or administrator).").add()
                .property().name("requests-per-minute-per-ip").type("int").defaultValue(600)
                .helpText("DSR API calls per minute per client IP address.").add()
                .build();
    }
}
