package io.authio.tests.dsr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak JVM's heap, for the DSR benchmarks: the {@code used} figure of {@code jcmd GC.heap_info} after a GC
 * as the baseline, then sampled every 100 ms until {@link #close}; the peak is kept (it includes garbage not yet
 * collected, so it over-states what is retained).
 */
final class HeapSampler implements AutoCloseable {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final long baselineKb;
    private final AtomicLong peakKb;
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final Thread thread;

    private HeapSampler(long pid) {
        this.pid = pid;
        if (pid > 0) {
            jcmd(pid, "GC.run");
        }
        this.baselineKb = pid > 0 ? usedKb(pid) : -1;
        this.peakKb = new AtomicLong(baselineKb);
        this.thread = new Thread(() -> {
            while (sampling.get() && pid > 0) {
                peakKb.accumulateAndGet(usedKb(pid), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling the framework's Keycloak (the process running quarkus-run.jar), if it is found. */
    static HeapSampler ofKeycloak() {
        long pid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("quarkus-run.jar") || c.contains("QuarkusEntryPoint")).orElse(false))
                .map(ProcessHandle::pid).findFirst().orElse(-1L);
        return new HeapSampler(pid);
    }

    long baselineKb() {
        return baselineKb;
    }

    long peakKb() {
        return peakKb.get();
    }

    @Override
    public void close() throws InterruptedException {
        sampling.set(false);
        thread.join(2000);
    }

    static String mb(long kb) {
        return kb < 0 ? "n/a (Keycloak process not found)" : String.format("%.0f MB", kb / 1024.0);
    }

    private static long usedKb(long pid) {
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
