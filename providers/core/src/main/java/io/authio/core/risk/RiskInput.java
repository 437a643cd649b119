package io.authio.core.risk;

import java.time.Instant;

/**
 * The facts about one sign-in attempt, gathered by the caller (request, device cookie, the user's
 * profile, counters, geo lookup) before evaluation. Evaluation itself does no I/O.
 *
 * @param hasHistory   the user has signed in successfully before (novelty signals need a history)
 * @param country      ISO country of the client IP, null when unknown or no geo database
 * @param countryKnown whether that country is among the user's recent ones (null: cannot tell)
 * @param asn          autonomous system number of the client IP, null when unknown
 * @param asnKnown     whether that ASN is among the user's recent ones (null: cannot tell)
 * @param location     approximate location of the client IP, null when unknown
 * @param lastLocation location of the user's last successful sign-in, null when unknown
 * @param lastSignInAt time of the user's last successful sign-in, null for never
 * @param denylistMatch the denylist network containing the IP, null when none
 * @param hourHistogram the user's successful sign-ins per UTC hour (24 entries), null when none
 * @param failedForUser recent failed sign-ins for the user, wherever they came from
 * @param failedForUserFromElsewhere how many of them came neither from the account's known devices and networks
 *                      nor from this attempt's address: what a stranger who knows only the username produces
 *                      elsewhere (the owner's typos and this requester's own failures are not among them)
 */
public record RiskInput(
        Instant now,
        boolean hasHistory,
        boolean deviceKnown,
        boolean ipKnown,
        boolean networkKnown,
        String country,
        Boolean countryKnown,
        Long asn,
        Boolean asnKnown,
        GeoPoint location,
        GeoPoint lastLocation,
        Instant lastSignInAt,
        int failedForUser,
        int failedForUserFromElsewhere,
        int failedFromIp,
        int distinctUsernamesFromIp,
        String denylistMatch,
        int[] hourHistogram,
        String userAgent,
        boolean geoAvailable,
        boolean asnAvailable) {

    /** A point on Earth (degrees). */
    public record GeoPoint(double latitude, double longitude) {
        /** Great-circle distance in kilometres (haversine, mean Earth radius). */
        public double distanceKm(GeoPoint other) {
            double lat1 = Math.toRadians(latitude);
            double lat2 = Math.toRadians(other.latitude);
            double dLat = lat2 - lat1;
            double dLon = Math.toRadians(other.longitude - longitude);
            double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                    + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
            return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
        }
    }

    public static Builder builder(Instant now) {
        return new Builder(now);
    }

    /** Starts from a familiar sign-in: known device, IP, network, country; nothing suspicious. */
    public static final class Builder {
        private final Instant now;
        private boolean hasHistory = true;
        private boolean deviceKnown = true;
        private boolean ipKnown = true;
        private boolean networkKnown = true;
        private String country;
        private Boolean countryKnown;
        private Long asn;
        private Boolean asnKnown;
        private GeoPoint location;
        private GeoPoint lastLocation;
        private Instant lastSignInAt;
        private int failedForUser;
        private int failedForUserFromElsewhere;
        private int failedFromIp;
        private int distinctUsernamesFromIp;
        private String denylistMatch;
        private int[] hourHistogram;
        private String userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        private boolean geoAvailable;
        private boolean asnAvailable;

        private Builder(Instant now) {
            this.now = now;
        }

        public Builder hasHistory(boolean v) { hasHistory = v; return this; }
        public Builder deviceKnown(boolean v) { deviceKnown = v; return this; }
        public Builder ipKnown(boolean v) { ipKnown = v; return this; }
        public Builder networkKnown(boolean v) { networkKnown = v; return this; }
        public Builder country(String c, Boolean known) { country = c; countryKnown = known; geoAvailable = true; return this; }
        public Builder asn(Long a, Boolean known) { asn = a; asnKnown = known; asnAvailable = true; return this; }
        public Builder location(GeoPoint v) { location = v; geoAvailable = true; return this; }
        public Builder lastLocation(GeoPoint v) { lastLocation = v; return this; }
        public Builder lastSignInAt(Instant v) { lastSignInAt = v; return this; }
        public Builder failedForUser(int v) { failedForUser = v; return this; }
        public Builder failedForUserFromElsewhere(int v) { failedForUserFromElsewhere = v; return this; }
        public Builder failedFromIp(int v) { failedFromIp = v; return this; }
        public Builder distinctUsernamesFromIp(int v) { distinctUsernamesFromIp = v; return this; }
        public Builder denylistMatch(String v) { denylistMatch = v; return this; }
        public Builder hourHistogram(int[] v) { hourHistogram = v == null ? null : v.clone(); return this; }
        public Builder userAgent(String v) { userAgent = v; return this; }
        public Builder geoAvailable(boolean v) { geoAvailable = v; return this; }
        public Builder asnAvailable(boolean v) { asnAvailable = v; return this; }

        public RiskInput build() {
            return new RiskInput(now, hasHistory, deviceKnown, ipKnown, networkKnown, country, countryKnown, asn,
                    asnKnown, location, lastLocation, lastSignInAt, failedForUser,
                    Math.min(failedForUser, failedForUserFromElsewhere), failedFromIp,
                    distinctUsernamesFromIp, denylistMatch, hourHistogram, userAgent, geoAvailable, asnAvailable);
        }
    }
}
