package io.authio.tests.support;

import org.keycloak.testframework.annotations.InjectTestDatabase;
import org.keycloak.testframework.database.TestDatabase;
import org.keycloak.testframework.injection.InstanceContext;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.injection.RequestedInstance;
import org.keycloak.testframework.injection.Supplier;
import org.keycloak.testframework.injection.SupplierOrder;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;
import org.keycloak.testframework.server.KeycloakServerConfigInterceptor;

/**
 * Test-framework database "authio": the {@link DatabaseUnderTest} that {@code -Dauthio.db} selects (embedded
 * PostgreSQL by default), started once per run, no Docker. Selected by {@code kc.test.database=authio}.
 */
public class DatabaseUnderTestSupplier implements Supplier<TestDatabase, InjectTestDatabase>,
        KeycloakServerConfigInterceptor<TestDatabase, InjectTestDatabase> {

    public static final String ALIAS = "authio";

    @Override
    public TestDatabase getValue(InstanceContext<TestDatabase, InjectTestDatabase> instanceContext) {
        DatabaseUnderTest database = TestDb.database();
        database.start(null);
        return database;
    }

    @Override
    public boolean compatible(InstanceContext<TestDatabase, InjectTestDatabase> a,
            RequestedInstance<TestDatabase, InjectTestDatabase> b) {
        return true;
    }

    @Override
    public LifeCycle getDefaultLifecycle() {
        return LifeCycle.GLOBAL;
    }

    @Override
    public void close(InstanceContext<TestDatabase, InjectTestDatabase> instanceContext) {
        instanceContext.getValue().stop();
    }

    @Override
    public String getAlias() {
        return ALIAS;
    }

    @Override
    public KeycloakServerConfigBuilder intercept(KeycloakServerConfigBuilder serverConfig,
            InstanceContext<TestDatabase, InjectTestDatabase> instanceContext) {
        return serverConfig.options(instanceContext.getValue().serverConfig());
    }

    @Override
    public int order() {
        return SupplierOrder.BEFORE_KEYCLOAK_SERVER;
    }
}
