package io.authio.core.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What a per-address limit counts under. An IPv4 address is one key; an IPv6 address counts as its /64, the
 * smallest network a subscriber is given (RFC 6177), since anyone with a /64 can use 2^64 addresses and would
 * otherwise get as many budgets. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
public final class AddressKey {

    private AddressKey() {
    }

    /** "203.0.113.7" → itself, "2001:db8:1:2:3:4:5:6" → "2001:db8:1:2::/64"; null for null or anything but an IP literal. */
    public static String of(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45 || !ip.matches("^[0-9a-fA-F:.]+$")) {
            return null; // never a host name: no DNS lookup on the request path
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        return String.format("%x:%x:%x:%x::/64", word(b, 0), word(b, 2), word(b, 4), word(b, 6));
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
