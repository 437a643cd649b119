package io.authio.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * SSRF protection for every outbound call Authio makes on an administrator's behalf (webhooks, SIEM,
 * export uploads). A destination is refused when any address its host resolves to is loopback,
 * private, link-local (which includes cloud metadata at 169.254.169.254), shared (CGNAT), multicast,
 * unspecified or otherwise non-public — unless the realm's allowlist contains that address. Plain
 * {@code http} is only accepted for allowlisted addresses: events carry personal data.
 */
public final class DestinationGuard {

    /** Resolves host names; swapped in tests to simulate DNS answers. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM = InetAddress::getAllByName;

    private static final List<Cidr> NON_PUBLIC = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"), Cidr.parse("255.255.255.255/32"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("64:ff9b::/96"), Cidr.parse("100::/64"),
            Cidr.parse("2001:db8::/32"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"));

    private final List<Cidr> allowlist;
    private final Resolver resolver;

    public DestinationGuard(List<Cidr> allowlist, Resolver resolver) {
        this.allowlist = List.copyOf(allowlist);
        this.resolver = resolver;
    }

    /** Thrown with an explanation an administrator can act on. */
    public static final class RefusedDestination extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedDestination(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks a URL destination (http/https); returns the addresses its host resolved to. */
    public InetAddress[] checkUrl(URI uri) throws RefusedDestination {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new RefusedDestination("only https URLs are accepted");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedDestination("URLs with credentials in them are refused");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new RefusedDestination("the URL has no host");
        }
        InetAddress[] addresses = checkHost(uri.getHost());
        if (scheme.equals("http")) {
            for (InetAddress a : addresses) {
                if (!allowlisted(a)) {
                    throw new RefusedDestination("plain http is only accepted for allowlisted networks; use https");
                }
            }
        }
        return addresses;
    }

    /** Checks a bare host (syslog sinks); returns its addresses. */
    public InetAddress[] checkHost(String host) throws RefusedDestination {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(h);
        } catch (UnknownHostException e) {
            throw new RefusedDestination("the host " + h + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new RefusedDestination("the host " + h + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a) && !allowlisted(a)) {
                throw new RefusedDestination("the host " + h + " resolves to a non-public address (" + a.getHostAddress()
                        + "); add the network to the realm's delivery allowlist to permit it");
            }
        }
        return addresses;
    }

    private boolean allowlisted(InetAddress a) {
        InetAddress plain = unmapped(a);
        return allowlist.stream().anyMatch(c -> c.contains(plain));
    }

    /** Whether the address is on the public Internet (IPv4-mapped IPv6 judged by its IPv4 part). */
    public static boolean isPublic(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        for (Cidr c : NON_PUBLIC) {
            if (c.contains(a)) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException impossible) {
                    return a;
                }
            }
        }
        return a;
    }
}
