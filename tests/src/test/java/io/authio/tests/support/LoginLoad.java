package io.authio.tests.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.keycloak.admin.client.resource.RealmResource;

/**
 * Drives full password logins (authorization code + PKCE through the real login form and the token
 * exchange) with a fixed concurrency and reports throughput and latency percentiles.
 */
public final class LoginLoad {

    /** Raw outcome of one run: each successful login's latency in nanoseconds. */
    public record Sample(List<Long> latencies, double seconds, int failures) {
    }

    /** Figures over one or more runs. */
    public record Figures(int logins, double seconds, double perSecond, double p50Millis, double p95Millis, int failures) {

        public static Figures of(List<Sample> samples) {
            List<Long> all = new ArrayList<>();
            double seconds = 0;
            int failures = 0;
            for (Sample s : samples) {
                all.addAll(s.latencies());
                seconds += s.seconds();
                failures += s.failures();
            }
            Collections.sort(all);
            return new Figures(all.size(), seconds, all.size() / seconds, percentile(all, 0.50), percentile(all, 0.95), failures);
        }
    }

    private LoginLoad() {
    }

    /** One sign-in of a user; true when it succeeded. A failure may throw or describe itself. */
    @FunctionalInterface
    public interface Attempt {
        boolean signIn(String username, java.util.function.Consumer<String> failure);
    }

    /**
     * Runs {@code logins} logins against the realm, one thread per user (Keycloak's brute-force detector
     * treats simultaneous logins of one user as suspicious, which real traffic rarely does).
     */
    public static Sample run(String realmUrl, List<String> usernames, int logins) throws Exception {
        return run(usernames, logins, (username, failure) -> {
            Oidc.LoginResult r = new Oidc(realmUrl, Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login(username, Users.PASSWORD);
            if (!r.succeeded()) {
                var doc = org.jsoup.Jsoup.parse(r.response().body());
                failure.accept("HTTP " + r.response().statusCode() + " " + doc.title() + ": "
                        + doc.select("[id*=error], .pf-v5-c-alert, .kc-feedback-text, #kc-error-message").text());
            }
            return r.succeeded();
        });
    }

    /** Runs {@code logins} sign-ins made by {@code attempt}, one thread per user. */
    public static Sample run(List<String> usernames, int logins, Attempt attempt) throws Exception {
        int concurrency = usernames.size();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(logins);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            String username = usernames.get(i);
            workers.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = attempt.signIn(username, f -> firstFailure.compareAndSet(null, f));
                    } catch (RuntimeException e) {
                        ok = false;
                        firstFailure.compareAndSet(null, e.toString());
                    }
                    if (ok) {
                        latencies.add(System.nanoTime() - t0);
                    } else {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (firstFailure.get() != null) {
            String f = firstFailure.get();
            System.out.println("login failure (first of " + failures.get() + "): " + f.substring(0, Math.min(f.length(), 2000)));
        }
        return new Sample(new ArrayList<>(latencies), seconds, failures.get());
    }

    /** A run whose servers' CPU time ({@link ServerCpu}: Keycloak, database) is added to {@code cpu}. */
    public static Sample measured(long[] cpu, java.util.concurrent.Callable<Sample> run) throws Exception {
        long[] before = ServerCpu.millis();
        Sample s = run.call();
        long[] after = ServerCpu.millis();
        cpu[0] += after[0] - before[0];
        cpu[1] += after[1] - before[1];
        return s;
    }

    /** "Keycloak + database = total" CPU milliseconds per successful sign-in of {@code samples}. */
    public static String cpuPer(long[] cpu, List<Sample> samples) {
        double n = Math.max(1, Figures.of(samples).logins());
        return String.format(java.util.Locale.ROOT, "%.1f + %.1f = %.1f", cpu[0] / n, cpu[1] / n, (cpu[0] + cpu[1]) / n);
    }

    /** The ratio of total server CPU per successful sign-in, {@code b} over {@code a}. */
    public static double cpuRatio(long[] cpuB, List<Sample> b, long[] cpuA, List<Sample> a) {
        return ((cpuB[0] + cpuB[1]) / (double) Math.max(1, Figures.of(b).logins()))
                / ((cpuA[0] + cpuA[1]) / (double) Math.max(1, Figures.of(a).logins()));
    }

    /** Creates {@code n} users for a load run; returns their usernames. */
    public static List<String> users(RealmResource realm, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(Users.create(realm, "load").username());
        }
        return names;
    }

    /** Percentile (0..1) of nanosecond samples, in milliseconds. */
    public static double percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, Math.min(index, sortedNanos.size() - 1))) / 1e6;
    }
}
