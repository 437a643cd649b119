package io.authio.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
            if (addr.contains(":") && bytes.length == 4) {
                // Java reads an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) as IPv4; a network written in IPv6 stays IPv6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
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
        return Arrays.equals(masked, network);
    }

    /** Whether every address of {@code other} is in this network (both of the same address family). */
    public boolean contains(Cidr other) {
        return other.network.length == network.length && prefix <= other.prefix
                && Arrays.equals(mask(other.network, prefix), network);
    }

    /** Comma-separated networks (an SPI option, a stored list); blanks are skipped. */
    public static List<Cidr> parseList(String value) {
        List<Cidr> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(parse(part.trim()));
                }
            }
        }
        return List.copyOf(out);
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
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
