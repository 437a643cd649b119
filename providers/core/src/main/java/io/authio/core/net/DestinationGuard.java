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
 * unspecified, IPv4-embedding IPv6 or otherwise non-public — unless the allowlist contains that address.
 * The allowlist is a realm's, already cut to what the server operator allows ({@link NetworkCeiling}).
 * Loopback, link-local and metadata addresses need more: an allowlist entry that names such a network
 * itself, so a wide entry (the operator's {@code 0.0.0.0/0}) never opens them. Plain {@code http} and
 * plain syslog are only accepted for allowlisted addresses: events carry personal data.
 */
public final class DestinationGuard {

    /** Resolves host names; swapped in tests to simulate DNS answers. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM = InetAddress::getAllByName;

    private static final List<Cidr> NON_PUBLIC = Cidr.parseList(String.join(",",
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32", "168.63.129.16/32",
            // IPv6 that embeds IPv4 (compatible, mapped, NAT64, 6to4, Teredo): an internal IPv4 address in disguise
            "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "2001::/32",
            "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8"));

    /** Loopback (0.0.0.0 and :: reach it too), link-local and cloud metadata: only for an allowlist entry that names them. */
    static final List<Cidr> SENSITIVE = Cidr.parseList(String.join(",",
            "127.0.0.0/8", "0.0.0.0/8", "::1/128", "::/128", "169.254.0.0/16", "fe80::/10",
            "168.63.129.16/32", "100.100.100.200/32", "fd00:ec2::254/128"));

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

    /** Checks a URL destination (http/https); returns the addresses its host resolved to: the ones to connect to. */
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
        return checkHost(uri.getHost(), scheme.equals("http"));
    }

    /** Checks a bare host (syslog over TLS); returns its addresses. */
    public InetAddress[] checkHost(String host) throws RefusedDestination {
        return checkHost(host, false);
    }

    /**
     * Checks a host; returns its addresses. {@code plaintext} (plain http, syslog over TCP) accepts allowlisted
     * addresses only, so nothing unencrypted crosses the Internet.
     */
    public InetAddress[] checkHost(String host, boolean plaintext) throws RefusedDestination {
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
            checkAddress(a, plaintext);
        }
        return addresses;
    }

    /** Checks one address, e.g. the peer of a connection opened earlier, against the allowlist as it is now. */
    public void checkAddress(InetAddress a, boolean plaintext) throws RefusedDestination {
        if (!isPublic(a) && !allowlisted(a)) {
            throw new RefusedDestination("the destination resolves to a non-public address (" + a.getHostAddress()
                    + "); the server operator must allow the network (allowed-networks) and the realm allowlist it");
        }
        if (plaintext && !allowlisted(a)) {
            throw new RefusedDestination("unencrypted delivery (plain http, syslog+tcp) is only accepted for allowlisted networks; "
                    + "use https or syslog+tls");
        }
    }

    private boolean allowlisted(InetAddress a) {
        InetAddress plain = unmapped(a);
        boolean sensitive = SENSITIVE.stream().anyMatch(s -> s.contains(plain));
        return allowlist.stream().anyMatch(c -> c.contains(plain) && (!sensitive || SENSITIVE.stream().anyMatch(s -> s.contains(c))));
    }

    /** Whether the address is on the public Internet. */
    public static boolean isPublic(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        for (Cidr c : NON_PUBLIC) {
            if (c.contains(a) || c.contains(address)) {
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
