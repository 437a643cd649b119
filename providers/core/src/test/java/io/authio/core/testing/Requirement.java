package io.authio.core.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Core's copy of the tests module's {@code Requirement} (the modules share no test classpath): a missing Debian
 * package skips with a printed {@code SKIPPED-REASON}, or fails under {@code -Dauthio.tests.require-all}.
 */
public final class Requirement {

    private Requirement() {
    }

    public static void require(Class<?> test, String missingReason) {
        if (missingReason == null) {
            return;
        }
        String message = test.getSimpleName() + ": " + missingReason;
        System.out.println("SKIPPED-REASON: " + message);
        String strict = System.getProperty("authio.tests.require-all");
        if (strict != null && !strict.equalsIgnoreCase("false")) {
            Assertions.fail("strict mode (-Dauthio.tests.require-all): " + message);
        }
        Assumptions.abort(missingReason);
    }
}
