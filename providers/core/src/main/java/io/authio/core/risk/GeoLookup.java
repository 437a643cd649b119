package io.authio.core.risk;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;

/**
 * Country, location and ASN of an IP address from local MaxMind-format databases (memory-mapped, no
 * network I/O). Reads both MaxMind's GeoIP2/GeoLite2 layout ({@code country.iso_code},
 * {@code location.latitude}) and the flat layout of the ip-location-db builds ({@code country_code},
 * {@code latitude}); ASN databases use {@code autonomous_system_number}. Either database may be absent:
 * the matching signals are then off and assessments say so.
 */
public final class GeoLookup implements Closeable {

    /** What is known about an address; fields are null when unknown. */
    public record Geo(String country, RiskInput.GeoPoint location, Long asn) {
        public static final Geo UNKNOWN = new Geo(null, null, null);
    }

    private final Reader city;
    private final Reader asn;

    private GeoLookup(Reader city, Reader asn) {
        this.city = city;
        this.asn = asn;
    }

    public static GeoLookup none() {
        return new GeoLookup(null, null);
    }

    /** Opens the databases at the given paths (null or blank: not configured). */
    public static GeoLookup open(String cityPath, String asnPath) throws IOException {
        Reader c = cityPath == null || cityPath.isBlank() ? null : new Reader(new File(cityPath), new CHMCache());
        Reader a = asnPath == null || asnPath.isBlank() ? null : new Reader(new File(asnPath), new CHMCache());
        return new GeoLookup(c, a);
    }

    public boolean hasGeo() {
        return city != null;
    }

    public boolean hasAsn() {
        return asn != null;
    }

    public Geo lookup(InetAddress address) {
        if (address == null || (city == null && asn == null)) {
            return Geo.UNKNOWN;
        }
        String country = null;
        RiskInput.GeoPoint point = null;
        Long as = null;
        try {
            if (city != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> rec = city.get(address, Map.class);
                if (rec != null) {
                    country = countryOf(rec);
                    point = pointOf(rec);
                }
            }
            if (asn != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> rec = asn.get(address, Map.class);
                if (rec != null && rec.get("autonomous_system_number") instanceof Number n) {
                    as = n.longValue();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Geo.UNKNOWN;
        }
        return new Geo(country, point, as);
    }

    private static String countryOf(Map<String, Object> rec) {
        if (rec.get("country_code") instanceof String s && !s.isEmpty()) {
            return s;
        }
        if (rec.get("country") instanceof Map<?, ?> c && c.get("iso_code") instanceof String s) {
            return s;
        }
        return null;
    }

    private static RiskInput.GeoPoint pointOf(Map<String, Object> rec) {
        Object lat = rec.get("latitude");
        Object lon = rec.get("longitude");
        if (rec.get("location") instanceof Map<?, ?> loc) {
            lat = loc.get("latitude");
            lon = loc.get("longitude");
        }
        if (lat instanceof Number a && lon instanceof Number b) {
            return new RiskInput.GeoPoint(a.doubleValue(), b.doubleValue());
        }
        if (lat instanceof String a && lon instanceof String b) {
            try {
                return new RiskInput.GeoPoint(Double.parseDouble(a), Double.parseDouble(b));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        if (city != null) {
            city.close();
        }
        if (asn != null) {
            asn.close();
        }
    }
}
