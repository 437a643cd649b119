package io.authio.tests.bench;

import java.nio.file.Path;

import io.authio.tests.support.DatabaseUnderTest;
import io.authio.tests.support.TestDb;

/** Where a benchmark writes its report: tests/target/benchmarks/NAME.md on PostgreSQL, NAME-VENDOR.md on another database. */
final class BenchReport {

    private BenchReport() {
    }

    static Path file(String name) {
        DatabaseUnderTest.Vendor vendor = TestDb.vendor();
        return Path.of("target/benchmarks", name + (vendor == DatabaseUnderTest.Vendor.POSTGRES ? "" : "-" + vendor.property()) + ".md");
    }

    /** ", on MariaDB" in a report's heading off PostgreSQL, else nothing. */
    static String onDatabase() {
        return TestDb.vendor() == DatabaseUnderTest.Vendor.POSTGRES ? "" : ", on " + TestDb.vendor().displayName();
    }
}
