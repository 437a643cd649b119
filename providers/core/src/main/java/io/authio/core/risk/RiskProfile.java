package io.authio.core.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the engine remembers about a user's successful sign-ins: recent IP addresses, networks,
 * countries and ASNs (bounded, most recent first), a UTC hour histogram, and where and when the last
 * one happened. Updated after each successful sign-in; stored as JSON.
 */
public final class RiskProfile {

    static final int MAX_IPS = 20;
    static final int MAX_NETWORKS = 20;
    static final int MAX_COUNTRIES = 10;
    static final int MAX_ASNS = 10;
    private static final ObjectMapper MAPPER = io.authio.core.json.Json.MAPPER; // stored JSON Authio wrote: the one mapper

    private final List<String> ips = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private final List<String> countries = new ArrayList<>();
    private final List<Long> asns = new ArrayList<>();
    private final int[] hours = new int[24];
    private long signIns;
    private Instant lastAt;
    private Double lastLat;
    private Double lastLon;
    private String lastCountry;
    private String lastIp;

    public static RiskProfile empty() {
        return new RiskProfile();
    }

    public boolean hasHistory() {
        return signIns > 0;
    }

    public boolean knowsIp(String ip) {
        return ip != null && ips.contains(ip);
    }

    public boolean knowsNetwork(String network) {
        return network != null && networks.contains(network);
    }

    /**
     * Whether an attempt comes from somewhere the account is known: one of its devices, or a recent address or
     * network of its successful sign-ins. Failures from anywhere else are what a stranger can produce.
     */
    public boolean knowsSource(boolean deviceKnown, String ip) {
        return deviceKnown || knowsIp(ip) || knowsNetwork(Networks.of(ip));
    }

    /** Null when the country is unknown (no geo data for the IP or none in the history). */
    public Boolean knowsCountry(String country) {
        return country == null ? null : countries.contains(country);
    }

    public Boolean knowsAsn(Long asn) {
        return asn == null ? null : asns.contains(asn);
    }

    public int[] hours() {
        return hours.clone();
    }

    public long signIns() {
        return signIns;
    }

    public Instant lastAt() {
        return lastAt;
    }

    public RiskInput.GeoPoint lastLocation() {
        return lastLat == null || lastLon == null ? null : new RiskInput.GeoPoint(lastLat, lastLon);
    }

    public String lastCountry() {
        return lastCountry;
    }

    public String lastIp() {
        return lastIp;
    }

    /** Remembers a successful sign-in. */
    public void recordSuccess(Instant at, String ip, String country, Long asn, RiskInput.GeoPoint location) {
        remember(ips, ip, MAX_IPS);
        remember(networks, Networks.of(ip), MAX_NETWORKS);
        remember(countries, country, MAX_COUNTRIES);
        remember(asns, asn, MAX_ASNS);
        hours[at.atZone(java.time.ZoneOffset.UTC).getHour()]++;
        signIns++;
        lastAt = at;
        lastIp = ip;
        lastCountry = country;
        lastLat = location == null ? null : location.latitude();
        lastLon = location == null ? null : location.longitude();
    }

    private static <T> void remember(List<T> list, T value, int max) {
        if (value == null) {
            return;
        }
        list.remove(value);
        list.add(0, value);
        while (list.size() > max) {
            list.remove(list.size() - 1);
        }
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("ips", ips);
        m.put("networks", networks);
        m.put("countries", countries);
        m.put("asns", asns);
        List<Integer> h = new ArrayList<>(24);
        for (int c : hours) {
            h.add(c);
        }
        m.put("hours", h);
        m.put("sign_ins", signIns);
        m.put("last_at", lastAt == null ? null : lastAt.toEpochMilli());
        m.put("last_lat", lastLat);
        m.put("last_lon", lastLon);
        m.put("last_country", lastCountry);
        m.put("last_ip", lastIp);
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored profile; an unreadable one counts as empty (the engine then treats the user as new). */
    public static RiskProfile fromJson(String json) {
        RiskProfile p = new RiskProfile();
        if (json == null || json.isBlank()) {
            return p;
        }
        try {
            JsonNode n = MAPPER.readTree(json);
            n.path("ips").forEach(x -> p.ips.add(x.asText()));
            n.path("networks").forEach(x -> p.networks.add(x.asText()));
            n.path("countries").forEach(x -> p.countries.add(x.asText()));
            n.path("asns").forEach(x -> p.asns.add(x.asLong()));
            JsonNode h = n.path("hours");
            for (int i = 0; i < 24 && i < h.size(); i++) {
                p.hours[i] = h.get(i).asInt();
            }
            p.signIns = n.path("sign_ins").asLong();
            p.lastAt = n.hasNonNull("last_at") ? Instant.ofEpochMilli(n.get("last_at").asLong()) : null;
            p.lastLat = n.hasNonNull("last_lat") ? n.get("last_lat").asDouble() : null;
            p.lastLon = n.hasNonNull("last_lon") ? n.get("last_lon").asDouble() : null;
            p.lastCountry = n.hasNonNull("last_country") ? n.get("last_country").asText() : null;
            p.lastIp = n.hasNonNull("last_ip") ? n.get("last_ip").asText() : null;
            return p;
        } catch (JsonProcessingException e) {
            return new RiskProfile();
        }
    }
}
