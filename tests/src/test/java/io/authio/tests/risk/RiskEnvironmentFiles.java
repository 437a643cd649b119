package io.authio.tests.risk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The risk engine's node-local files for the shared test server: a denylist and the geo database. */
public final class RiskEnvironmentFiles {

    /** TEST-NET-2 (RFC 5737): never routed, so denylisting it hurts nothing. */
    public static final String DENYLISTED_NETWORK = "198.51.100.0/24";
    public static final String DENYLISTED_IP = "198.51.100.7";

    private RiskEnvironmentFiles() {
    }

    public static Path denylist() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "authio-risk-test");
            Files.createDirectories(dir);
            Path file = dir.resolve("denylist.txt");
            Files.writeString(file, "# operator-supplied denylist (tests)\n" + DENYLISTED_NETWORK + "\n");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The GeoLite2 City database the build fetched, or null (geo tests then skip with a reason). */
    public static Path geoCity() {
        String p = System.getProperty("authio.risk.geo.city");
        if (p == null || p.isBlank()) {
            return null;
        }
        Path path = Path.of(p);
        return Files.isRegularFile(path) && path.toFile().length() > 1_000_000 ? path : null;
    }
}
