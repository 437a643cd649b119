package io.authio.tests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SoftHSM2 (Debian package softhsm2) as a real PKCS#11 token for tests. The build points SOFTHSM2_CONF at
 * target/softhsm/softhsm2.conf, so tokens live in the build directory, never in the system's token store.
 */
public final class SoftHsm {

    private static final List<String> LIBRARIES = List.of(
            "/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib64/pkcs11/libsofthsm2.so");
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    private SoftHsm() {
    }

    public static Optional<String> library() {
        return LIBRARIES.stream().filter(l -> Files.isRegularFile(Path.of(l))).findFirst();
    }

    /** Null when usable, else why not (the test skips and prints it). */
    public static String missingReason() {
        if (library().isEmpty()) {
            return "SoftHSM2 is not installed (Debian package softhsm2)";
        }
        if (!onPath("softhsm2-util")) {
            return "softhsm2-util is not on the PATH (Debian package softhsm2)";
        }
        if (System.getenv("SOFTHSM2_CONF") == null) {
            return "SOFTHSM2_CONF is not set (run through Maven, which points it at target/softhsm)";
        }
        return null;
    }

    /** A fresh token store and one initialized token; returns its slot id. */
    public static long initToken(String label, String pin) throws IOException, InterruptedException {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path tokens = conf.getParent().resolve("tokens");
        if (Files.isDirectory(tokens)) {
            try (var walk = Files.walk(tokens)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", pin + "-so")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed: " + out);
        }
        Matcher m = SLOT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no slot in softhsm2-util output: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
