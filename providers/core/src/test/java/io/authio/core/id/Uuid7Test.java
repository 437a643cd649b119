package io.authio.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class Uuid7Test {

    @Test
    void carriesVersion7VariantAndTheTimestamp() {
        long now = 1_767_225_600_123L;
        UUID id = Uuid7.at(now);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(now, Uuid7.timestampOf(id));
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        String earlier = Uuid7.at(1_000_000L).toString();
        String later = Uuid7.at(1_000_001L).toString();
        assertTrue(earlier.compareTo(later) < 0, "string order follows time, as database indexes see it");
    }

    @Test
    void idsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(ids.add(Uuid7.next()));
        }
    }
}
