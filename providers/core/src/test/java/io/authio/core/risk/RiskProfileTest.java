package io.authio.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RiskProfileTest {

    @Test
    void rememberesRecentSignInsBoundedAndRoundTrips() {
        RiskProfile p = RiskProfile.empty();
        assertFalse(p.hasHistory());
        for (int i = 0; i < 30; i++) {
            p.recordSuccess(Instant.parse("2026-11-30T10:00:00Z").plusSeconds(i), "203.0.113." + i, "DE", 3320L,
                    new RiskInput.GeoPoint(52.5, 13.4));
        }
        assertTrue(p.knowsIp("203.0.113.29"));
        assertFalse(p.knowsIp("203.0.113.0"), "only the 20 most recent addresses are kept");
        assertTrue(p.knowsNetwork("203.0.113.0/24"));
        assertEquals(Boolean.TRUE, p.knowsCountry("DE"));
        assertEquals(Boolean.FALSE, p.knowsCountry("FR"));
        assertNull(p.knowsCountry(null));
        assertEquals(30, p.hours()[10]);
        RiskProfile back = RiskProfile.fromJson(p.toJson());
        assertEquals(p.toJson(), back.toJson());
        assertEquals(30, back.signIns());
        assertEquals(52.5, back.lastLocation().latitude());
        assertFalse(RiskProfile.fromJson("{broken").hasHistory());
    }

    @Test
    void aSourceIsKnownByItsDeviceOrByARecentAddressOrNetwork() {
        RiskProfile p = RiskProfile.empty();
        p.recordSuccess(Instant.parse("2026-11-30T10:00:00Z"), "62.96.40.1", null, null, null);
        assertTrue(p.knowsSource(true, "127.0.0.9"), "one of the account's devices, wherever it is");
        assertTrue(p.knowsSource(false, "62.96.40.1"), "a recent address");
        assertTrue(p.knowsSource(false, "62.96.40.200"), "a recent /24 network");
        assertFalse(p.knowsSource(false, "127.0.0.9"), "a stranger elsewhere");
        assertFalse(p.knowsSource(false, null));
        assertFalse(RiskProfile.empty().knowsSource(false, "62.96.40.1"), "an account without history knows nowhere");
    }

    @Test
    void networksAreSlash24AndSlash48() {
        assertEquals("203.0.113.0/24", Networks.of("203.0.113.77"));
        assertEquals("2001:db8:1::/48", Networks.of("2001:db8:1:2::5"));
        assertNull(Networks.of("not-an-ip"));
        assertNull(Networks.of(null));
    }

    @Test
    void userAgentsAreLabelledAndAutomationIsRecognised() {
        assertEquals("Firefox on Linux", UserAgents.label("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"));
        assertEquals("Chrome on Windows", UserAgents.label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"));
        assertNull(UserAgents.suspicion("Mozilla/5.0 (X11; Linux x86_64) AuthioTestBrowser/1.0"));
        assertTrue(UserAgents.suspicion("curl/8.5.0").contains("curl"));
        assertTrue(UserAgents.suspicion("").contains("no user agent"));
    }
}
