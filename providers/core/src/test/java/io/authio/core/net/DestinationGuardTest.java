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

    @ParameterizedTest
    @ValueSource(strings = {"https://[::7f00:1]/", "https://[::a00:1]/", "https://[2002:7f00:1::1]/", "https://[2002:a9fe:a9fe::]/",
            "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "https://[64:ff9b:1::a00:1]/"})
    void ipv6ThatEmbedsIpv4IsNotPublic(String url) {
        assertThrows(DestinationGuard.RefusedDestination.class, () -> strict.checkUrl(URI.create(url)));
    }

    @Test
    void loopbackLinkLocalAndMetadataNeedAnEntryThatNamesThem() throws Exception {
        DestinationGuard wide = new DestinationGuard(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), DNS);
        assertDoesNotThrow(() -> wide.checkUrl(URI.create("https://10.0.0.5/")), "a wide entry opens private networks");
        for (String url : List.of("https://127.0.0.1/", "https://0.0.0.0/", "https://169.254.169.254/", "https://metadata.example.com/",
                "https://168.63.129.16/", "https://[::1]/", "https://[fe80::1]/", "https://[fd00:ec2::254]/")) {
            assertThrows(DestinationGuard.RefusedDestination.class, () -> wide.checkUrl(URI.create(url)), url);
        }
        DestinationGuard named = new DestinationGuard(List.of(Cidr.parse("169.254.169.254/32")), DNS);
        assertDoesNotThrow(() -> named.checkUrl(URI.create("https://metadata.example.com/")));
    }

    @Test
    void plaintextReachesOnlyAllowlistedAddressesAndAnOpenConnectionIsCheckedAgain() throws Exception {
        DestinationGuard guard = new DestinationGuard(List.of(Cidr.parse("10.0.0.0/8")), DNS);
        assertDoesNotThrow(() -> guard.checkHost("hooks.example.com", false), "TLS to a public host");
        assertThrows(DestinationGuard.RefusedDestination.class, () -> guard.checkHost("hooks.example.com", true),
                "plain syslog to a public host");
        assertDoesNotThrow(() -> guard.checkHost("10.1.2.3", true));
        InetAddress peer = InetAddress.getByName("10.1.2.3");
        DestinationGuard narrowed = new DestinationGuard(List.of(), DNS);
        assertThrows(DestinationGuard.RefusedDestination.class, () -> narrowed.checkAddress(peer, true));
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
        assertTrue(ten.contains(Cidr.parse("10.1.0.0/16")));
        assertFalse(Cidr.parse("10.1.0.0/16").contains(ten));
        assertFalse(ten.contains(Cidr.parse("fd00::/8")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("127.0.0.1")));
    }
}
