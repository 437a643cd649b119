package io.authio.tests.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time the servers of this test run have used so far: the Keycloak JVM this test started and the database's
 * processes (PostgreSQL's postmaster and its backends, or the MariaDB server; H2 runs inside Keycloak). Benchmarks
 * divide its growth by the work done, a figure that moves less than a rate on a shared machine: other test runs'
 * processes are not counted.
 */
public final class ServerCpu {

    private static volatile Long postmaster;

    private ServerCpu() {
    }

    /** [Keycloak JVM, database] CPU milliseconds so far. */
    public static long[] millis() {
        Set<Long> children = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        long keycloak = ProcessHandle.allProcesses().filter(p -> children.contains(p.pid()))
                .filter(p -> p.info().command().orElse("").endsWith("/java")).mapToLong(ServerCpu::cpu).sum();
        return new long[] {keycloak, databaseMillis(children)};
    }

    private static long databaseMillis(Set<Long> children) {
        return switch (TestDb.vendor()) {
            case POSTGRES -> ProcessHandle.of(postmaster()).map(p -> Stream.concat(Stream.of(p), p.descendants())
                    .mapToLong(ServerCpu::cpu).sum()).orElse(0L);
            case MARIADB -> ProcessHandle.allProcesses().filter(p -> children.contains(p.pid()))
                    .filter(p -> p.info().command().orElse("").endsWith("/mariadbd")).mapToLong(ServerCpu::cpu).sum();
            default -> 0L;
        };
    }

    /** PostgreSQL daemonizes (pg_ctl): its postmaster is the parent of any backend, found through one. */
    private static long postmaster() {
        Long pid = postmaster;
        if (pid == null) {
            try (Connection c = TestDb.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select pg_backend_pid()")) {
                r.next();
                pid = ProcessHandle.of(r.getLong(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            postmaster = pid;
        }
        return pid;
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
