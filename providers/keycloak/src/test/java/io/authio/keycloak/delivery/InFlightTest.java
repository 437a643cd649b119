package io.authio.keycloak.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void aDestinationAtItsCapAndARealmAtItsLimitAreLeftOutOfTheNextClaim() {
        InFlight f = new InFlight();
        f.add("hook", 64, "realm", 48, 48);
        f.add("hook", 64, "realm", 16, 16);
        f.add("sink", 1000, "other", 500, 1);
        assertEquals(Set.of("hook"), f.saturatedDestinations());
        assertEquals(500, f.free(), "the sink's room; the hook has none");
        assertEquals(Set.of("realm"), f.saturatedRealms(64));
        assertEquals(65, f.requests());
        assertEquals(64, f.messages("hook"));
        assertEquals(1, f.realmRequests("other"));
    }

    @Test
    void entriesGoWhenTheirLastGroupIsDoneSoTheMapsHoldOnlyWhatIsInFlight() {
        InFlight f = new InFlight();
        for (int i = 0; i < 10_000; i++) {
            f.add("destination-" + i, 64, "realm-" + i, 16, 16);
            f.remove("destination-" + i, "realm-" + i, 16, 16);
        }
        assertFalse(f.busy(), "ten thousand destinations seen, none held");
        assertEquals(0, f.requests());
        assertEquals(0, f.messages("destination-1"));
        assertEquals(Set.of(), f.saturatedRealms(0));
        f.add("hook", 64, "realm", 16, 16);
        f.add("hook", 64, "realm", 16, 16);
        f.remove("hook", "realm", 16, 16);
        assertTrue(f.busy(), "one group still in flight");
        assertEquals(16, f.messages("hook"));
        assertEquals(16, f.realmRequests("realm"));
    }
}
