package io.authio.tests.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real syslog receiver: Debian's rsyslogd, run in the foreground with its own configuration, listening
 * on loopback for RFC 5424 over TCP and over TLS (gtls driver, a throw-away certificate for 127.0.0.1
 * made with openssl) and writing every received message, raw, one per line, to a file.
 */
public final class SyslogReceiver implements AutoCloseable {

    private final Path dir;
    private final int tcpPort;
    private final int tlsPort;
    private final Process process;

    private SyslogReceiver(Path dir, int tcpPort, int tlsPort, Process process) {
        this.dir = dir;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
        this.process = process;
    }

    /** Why rsyslog cannot run here, or null when it can. */
    public static String unavailableReason() {
        if (!Files.isExecutable(Path.of("/usr/sbin/rsyslogd"))) {
            return "rsyslogd is not installed (Debian package rsyslog)";
        }
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so"))
                && !Files.exists(Path.of("/usr/lib/rsyslog/lmnsd_gtls.so"))) {
            return "rsyslog's TLS driver is not installed (Debian package rsyslog-gnutls)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            return "openssl is not installed (Debian package openssl)";
        }
        return null;
    }

    public static SyslogReceiver start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("authio-rsyslog");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        int tcp = freePort();
        int tls = freePort();
        String conf = String.join("\n",
                "global(workDirectory=\"" + dir + "\"",
                "       DefaultNetstreamDriverCAFile=\"" + dir.resolve("cert.pem") + "\"",
                "       DefaultNetstreamDriverCertFile=\"" + dir.resolve("cert.pem") + "\"",
                "       DefaultNetstreamDriverKeyFile=\"" + dir.resolve("key.pem") + "\")",
                "module(load=\"imtcp\" MaxSessions=\"200\")",
                "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
                "ruleset(name=\"authio\") {",
                "  action(type=\"omfile\" file=\"" + dir.resolve("received.log") + "\" template=\"raw\" flushOnTXEnd=\"on\" asyncWriting=\"off\")",
                "}",
                "input(type=\"imtcp\" port=\"" + tcp + "\" address=\"127.0.0.1\" ruleset=\"authio\")",
                "input(type=\"imtcp\" port=\"" + tls + "\" address=\"127.0.0.1\" ruleset=\"authio\" StreamDriver.Name=\"gtls\""
                        + " StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"anon\")",
                "");
        Files.writeString(dir.resolve("rsyslog.conf"), conf);
        Process p = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        SyslogReceiver receiver = new SyslogReceiver(dir, tcp, tls, p);
        receiver.awaitListening(tcp);
        receiver.awaitListening(tls);
        return receiver;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** The PEM certificate the TLS listener presents (a sink pins it as its trust anchor). */
    public String certificatePem() throws IOException {
        return Files.readString(dir.resolve("cert.pem"));
    }

    public List<String> lines() throws IOException {
        Path file = dir.resolve("received.log");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    public List<String> awaitLines(Predicate<String> match, int count, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> matching = List.of();
        while (System.currentTimeMillis() < deadline) {
            matching = lines().stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " matching syslog lines, got " + matching.size() + "; all: " + lines()
                + "\nrsyslogd said: " + Files.readString(dir.resolve("rsyslogd.out")));
    }

    private void awaitListening(int port) throws InterruptedException, IOException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslogd.out")));
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("rsyslogd did not listen on " + port);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
