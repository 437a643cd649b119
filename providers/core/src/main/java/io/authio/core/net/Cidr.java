package io.authio.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}). */
public final class Cidr {

    private static final Pattern LITERAL = Pattern.compile("^[0-9a-fA-F:.]+$");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    public static Cidr parse(String value) {
        if (value == null || value.isBlank() || value.length() > 60) {
            throw new IllegalArgumentException("invalid network: " + value);
        }
        String v = value.trim();
        int slash = v.indexOf('/');
        String addr = slash < 0 ? v : v.substring(0, slash);
        if (!LITERAL.matcher(addr).matches() || !(addr.contains(".") || addr.contains(":"))) {
            throw new IllegalArgumentException("invalid network (use an address literal, e.g. 10.0.0.0/8): " + value);
        }
        try {
            // A literal never triggers a DNS lookup.
            byte[] bytes = InetAddress.getByName(addr).getAddress();
            int max = bytes.length * 8;
            int prefix = slash < 0 ? max : Integer.parseInt(v.substring(slash + 1));
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("invalid prefix length in " + value);
            }
            return new Cidr(mask(bytes, prefix), prefix, v);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid network: " + value);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        byte[] masked = mask(a, prefix);
        return java.util.Arrays.equals(masked, network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
