package io.authio.core.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {

    /** DNS as an attacker would arrange it: a public-looking name pointing at internal addresses. */
    private static final DestinationGuard.Resolver DNS = host -> switch (host) {
        case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
        case "rebind.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")};
        case "metadata.example.com" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
        default -> InetAddress.getAllByName(host);
    };

    private final DestinationGuard strict = new DestinationGuard(List.of(), DNS);

    @Test
    void publicHttpsDestinationsPass() {
        assertDoesNotThrow(() -> strict.checkUrl(URI.create("https://hooks.example.com/authio")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/x", "https://localhost/x", "https://10.0.0.5/", "https://172.16.1.1/",
            "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://metadata.example.com/",
            "https://[::1]/", "https://[fd00::1]/", "https://[fe80::1]/", "https://[::ffff:127.0.0.1]/",
            "https://100.64.0.1/", "https://0.0.0.0/", "https://rebind.example.com/", "http://hooks.example.com/",
            "ftp://hooks.example.com/", "https://user:pw@hooks.example.com/", "https://no-such-host.invalid/"})
    void internalOrUnsafeDestinationsAreRefused(String url) {
        assertThrows(DestinationGuard.RefusedDestination.class, () -> strict.checkUrl(URI.create(url)));
    }

    @Test
    void anAllowlistedNetworkPermitsPlainHttpToIt() throws Exception {
        DestinationGuard allowLoopback = new DestinationGuard(List.of(Cidr.parse("127.0.0.1/32")), DNS);
        assertDoesNotThrow(() -> allowLoopback.checkUrl(URI.create("http://127.0.0.1:8500/hook")));
        assertThrows(DestinationGuard.RefusedDestination.class, () -> allowLoopback.checkUrl(URI.create("http://127.0.0.2/")));
        assertThrows(DestinationGuard.RefusedDestination.class, () -> allowLoopback.checkUrl(URI.create("http://10.0.0.1/")));
    }

    @Test
    void cidrsContainTheirAddressesOnly() throws Exception {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertTrue(ten.contains(InetAddress.getByName("10.255.0.1")));
        assertFalse(ten.contains(InetAddress.getByName("11.0.0.1")));
        assertFalse(ten.contains(InetAddress.getByName("::1")));
        assertTrue(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}
