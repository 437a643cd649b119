package io.authio.tests.support;

import java.util.List;

import org.keycloak.testframework.TestFrameworkExtension;
import org.keycloak.testframework.injection.Supplier;

/** Adds Authio's test resources (the database under test) to Keycloak's test framework. */
public class AuthioTestFrameworkExtension implements TestFrameworkExtension {

    @Override
    public List<Supplier<?, ?>> suppliers() {
        return List.of(new DatabaseUnderTestSupplier());
    }
}
