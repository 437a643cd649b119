package io.authio.keycloak.retention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.authio.core.retention.RetentionCategory;
import io.authio.keycloak.store.Background;

/**
 * Reads the retention options and schedules the purge on every node, whatever features are on; one node at a time
 * runs it (cluster lock), in batches, for at most {@code max-run-seconds} per run.
 */
public class RetentionServiceFactory implements ProviderFactory<RetentionService>, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private RetentionConfig config = RetentionConfig.DEFAULT;

    @Override
    public RetentionService create(KeycloakSession session) {
        RetentionConfig c = config;
        return () -> c;
    }

    @Override
    public void init(Config.Scope scope) {
        config = RetentionConfig.from(scope);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Background.every(factory, Purge.NAME, config.interval(), config.maxRun().multipliedBy(2), new Purge(factory, config));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("interval-seconds", Long.toString(config.interval().toSeconds()));
        info.put("min-realm-seconds", Long.toString(config.policy().minRealm().toSeconds()));
        for (RetentionCategory c : RetentionCategory.values()) {
            info.put(c.option(), Long.toString(config.policy().ceiling(c).toSeconds()));
        }
        return info;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        for (RetentionCategory c : RetentionCategory.values()) {
            b.property().name(c.option()).type("int").defaultValue(c.defaultCeiling().toSeconds())
                    .helpText("Longest any realm keeps " + c.description() + "; realms may only shorten it.").add();
        }
        return b.property().name("min-realm-seconds").type("int").defaultValue(86400)
                .helpText("The shortest retention a realm may set for any category.").add()
                .property().name("interval-seconds").type("int").defaultValue(60).helpText("How often the purge runs.").add()
                .property().name("batch-size").type("int").defaultValue(1000).helpText("Rows deleted per transaction (at most 1000).").add()
                .property().name("max-run-seconds").type("int").defaultValue(30)
                .helpText("A run stops after this long and the next one continues.").add()
                .build();
    }
}
