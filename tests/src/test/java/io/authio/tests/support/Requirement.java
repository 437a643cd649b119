package io.authio.tests.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one way a test skips because something it needs (a Debian package, a downloaded file) is missing: the reason
 * is printed as {@code SKIPPED-REASON} for the CI summary, and in strict mode ({@code -Dauthio.tests.require-all},
 * which {@code .ci/run} sets) the skip becomes a failure, so CI can never pass with a group of tests silently skipped.
 */
public final class Requirement {

    public static final String STRICT_PROPERTY = "authio.tests.require-all";

    private Requirement() {
    }

    /** Skips (or in strict mode fails) the calling test when {@code missingReason} is not null. */
    public static void require(Class<?> test, String missingReason) {
        if (missingReason == null) {
            return;
        }
        String message = test.getSimpleName() + ": " + missingReason;
        System.out.println("SKIPPED-REASON: " + message);
        if (strict()) {
            Assertions.fail("strict mode (-D" + STRICT_PROPERTY + "): " + message);
        }
        Assumptions.abort(missingReason);
    }

    /**
     * Skips the calling test on a database that cannot do what it tests (a Keycloak cluster on H2): printed as
     * {@code SKIPPED-REASON} like a missing requirement, but never a failure in strict mode, since nothing is missing
     * that CI could install. The test that runs instead on that database is named in {@code instead}.
     */
    public static void notOn(Class<?> test, DatabaseUnderTest.Vendor vendor, String why, String instead) {
        if (TestDb.vendor() != vendor) {
            return;
        }
        String message = test.getSimpleName() + ": not on " + vendor.property() + ": " + why + " (instead: " + instead + ")";
        System.out.println("SKIPPED-REASON: " + message);
        Assumptions.abort(message);
    }

    static boolean strict() {
        String value = System.getProperty(STRICT_PROPERTY);
        return value != null && !value.equalsIgnoreCase("false");
    }
}
