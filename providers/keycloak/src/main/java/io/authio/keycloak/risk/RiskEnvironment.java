package io.authio.keycloak.risk;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.authio.core.net.Cidr;
import io.authio.core.risk.GeoLookup;

/**
 * Node-local, read-only inputs of the risk engine configured by the operator: the geo and ASN databases
 * (memory-mapped MaxMind-format files) and the IP denylist (a file of CIDR networks, one per line, '#'
 * comments; re-read when its modification time changes, checked at most every 30 seconds). Every node is
 * configured with the same files, so decisions do not depend on the node.
 */
public final class RiskEnvironment {

    private static final Logger LOG = Logger.getLogger(RiskEnvironment.class);
    private static final long DENYLIST_CHECK_MILLIS = 30_000;

    private final GeoLookup geo;
    private final Path denylistPath;
    private volatile List<Cidr> denylist = List.of();
    private volatile long denylistModified = -1;
    private volatile long denylistCheckedAt;

    RiskEnvironment(String cityDatabase, String asnDatabase, String denylistFile) {
        GeoLookup g;
        try {
            g = GeoLookup.open(cityDatabase, asnDatabase);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("risk engine: cannot open the geo/ASN databases (%s, %s): %s; geo signals are off", cityDatabase,
                    asnDatabase, e.getMessage());
            g = GeoLookup.none();
        }
        this.geo = g;
        if (!g.hasGeo()) {
            LOG.info("risk engine: no geo database configured (geo-city-database); new_country and impossible_travel are off");
        }
        this.denylistPath = denylistFile == null || denylistFile.isBlank() ? null : Path.of(denylistFile);
        refreshDenylist(true);
    }

    public GeoLookup geo() {
        return geo;
    }

    /** The denylisted network containing the address, or null. */
    public String denylisted(InetAddress address) {
        if (address == null) {
            return null;
        }
        refreshDenylist(false);
        for (Cidr c : denylist) {
            if (c.contains(address)) {
                return c.toString();
            }
        }
        return null;
    }

    private void refreshDenylist(boolean force) {
        if (denylistPath == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!force && now - denylistCheckedAt < DENYLIST_CHECK_MILLIS) {
            return;
        }
        denylistCheckedAt = now;
        try {
            long modified = Files.getLastModifiedTime(denylistPath).toMillis();
            if (modified == denylistModified) {
                return;
            }
            List<Cidr> networks = new ArrayList<>();
            for (String line : Files.readAllLines(denylistPath, StandardCharsets.UTF_8)) {
                String l = line.strip();
                int hash = l.indexOf('#');
                if (hash >= 0) {
                    l = l.substring(0, hash).strip();
                }
                if (l.isEmpty()) {
                    continue;
                }
                try {
                    networks.add(Cidr.parse(l));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("risk denylist %s: skipping invalid line: %s", denylistPath, l);
                }
            }
            denylist = List.copyOf(networks);
            denylistModified = modified;
            LOG.infof("risk denylist %s: %d networks", denylistPath, networks.size());
        } catch (IOException e) {
            LOG.warnf("risk denylist %s cannot be read: %s", denylistPath, e.getMessage());
        }
    }

    void close() {
        try {
            geo.close();
        } catch (IOException ignored) {
            // closing memory-mapped readers
        }
    }
}
