package io.authio.core.risk;

/** The network an address belongs to for "new network": IPv4 /24, IPv6 /48, as text. */
public final class Networks {

    private Networks() {
    }

    /** "203.0.113.0/24" for 203.0.113.7, "2001:db8:1::/48" for 2001:db8:1:2::5; null for null or non-literals. */
    public static String of(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45) {
            return null;
        }
        if (ip.indexOf(':') < 0) {
            int last = ip.lastIndexOf('.');
            if (last < 0 || ip.chars().filter(c -> c == '.').count() != 3) {
                return null;
            }
            return ip.substring(0, last) + ".0/24";
        }
        try {
            if (!ip.matches("^[0-9a-fA-F:.]+$")) {
                return null;
            }
            byte[] b = java.net.InetAddress.getByName(ip).getAddress();
            if (b.length != 16) {
                return null;
            }
            return String.format("%x:%x:%x::/48", ((b[0] & 0xff) << 8) | (b[1] & 0xff),
                    ((b[2] & 0xff) << 8) | (b[3] & 0xff), ((b[4] & 0xff) << 8) | (b[5] & 0xff));
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
