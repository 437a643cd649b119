package io.authio.core.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH benchmark of one risk evaluation (pure, no I/O). Not part of the build's tests; run with
 * {@code ./mvnw -o -q test-compile -pl providers/core} and then
 * {@code java -cp "$(cat providers/core/target/bench.cp):providers/core/target/classes:providers/core/target/test-classes" io.authio.core.risk.RiskEngineBenchmark}
 * (see docs/risk-engine.md). Budget: p99 at most 50 microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RiskEngineBenchmark {

    private final RiskSettings settings = RiskSettings.defaults();
    private final Instant now = Instant.parse("2026-11-30T14:05:00Z");
    private final RiskInput familiar = RiskInput.builder(now).country("DE", true)
            .location(new RiskInput.GeoPoint(52.52, 13.405)).lastLocation(new RiskInput.GeoPoint(52.52, 13.405))
            .lastSignInAt(now.minus(Duration.ofDays(1))).hourHistogram(hours()).build();
    private final RiskInput hostile = RiskInput.builder(now).deviceKnown(false).ipKnown(false).networkKnown(false)
            .country("AU", false).asn(13335L, false).location(new RiskInput.GeoPoint(-33.87, 151.21))
            .lastLocation(new RiskInput.GeoPoint(52.52, 13.405)).lastSignInAt(now.minus(Duration.ofHours(1)))
            .failedForUser(3).failedFromIp(9).distinctUsernamesFromIp(14).denylistMatch("198.51.100.0/24")
            .hourHistogram(hours()).userAgent("Mozilla/5.0 HeadlessChrome/120.0").build();

    private static int[] hours() {
        int[] h = new int[24];
        h[2] = 40;
        h[14] = 3;
        return h;
    }

    @Benchmark
    public RiskAssessment familiarSignIn() {
        return RiskEngine.evaluate(familiar, settings);
    }

    @Benchmark
    public RiskAssessment everySignalFires() {
        return RiskEngine.evaluate(hostile, settings);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RiskEngineBenchmark.class.getSimpleName()).build()).run();
    }
}
