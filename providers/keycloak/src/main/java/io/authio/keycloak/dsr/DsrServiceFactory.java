package io.authio.keycloak.dsr;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

import io.authio.keycloak.store.Background;

/** Reads the settings and schedules the overdue and job sweeps, each once per cluster and interval ({@link Background#every}). */
public class DsrServiceFactory implements ProviderFactory<DsrService> {

    public static final String ID = "default";

    private DsrConfig config;
    private DsrJobs jobs;

    @Override
    public DsrService create(KeycloakSession session) {
        DsrConfig c = config;
        DsrJobs j = jobs;
        return new DsrService() {
            @Override
            public DsrConfig config() {
                return c;
            }

            @Override
            public DsrJobs jobs() {
                return j;
            }
        };
    }

    @Override
    public void init(Config.Scope scope) {
        config = DsrConfig.from(scope);
        jobs = new DsrJobs(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // once per cluster and interval; the lock lasts at most one interval
        Background.every(factory, OverdueTask.NAME, config.overdueCheckInterval(), config.overdueCheckInterval(), OverdueTask::sweep);
        DsrJobSweep sweep = new DsrJobSweep(config, jobs);
        Background.every(factory, DsrJobSweep.NAME, config.jobCheckInterval(), config.jobCheckInterval(), sweep::sweep);
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
                .property().name("claim-lease-seconds").type("int").defaultValue(60)
                .helpText("Lease of a running fulfillment, renewed every third of it while the run lives; a run that stopped "
                        + "(node crash) is resumed by another node once it expires (at least 3); also how long a stalled export "
                        + "download holds the bundle.").add()
                .property().name("fulfill-wait-millis").type("int").defaultValue(10000)
                .helpText("How long POST .../fulfill waits for the background run before answering 202 (0-60000; "
                        + "'Prefer: respond-async' answers at once).").add()
                .property().name("job-check-interval-millis").type("int").defaultValue(15000)
                .helpText("How often the cluster (one node per interval) looks for runs to resume.").add()
                .property().name("max-concurrent-fulfillments").type("int").defaultValue(2)
                .helpText("Fulfillments running at once on one node.").add()
                .property().name("max-fulfillment-attempts").type("int").defaultValue(5)
                .helpText("Failed runs of one request before it is pending again with the error.").add()
                .property().name("upload-timeout-seconds").type("int").defaultValue(120)
                .helpText("Timeout of the HTTP PUT of an export bundle to output_artifact_url.").add()
                .build();
    }
}
