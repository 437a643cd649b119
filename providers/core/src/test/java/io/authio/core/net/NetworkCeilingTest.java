package io.authio.core.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class NetworkCeilingTest {

    @Test
    void byDefaultARealmMayAllowlistNothing() {
        assertNotNull(NetworkCeiling.NONE.refusal(Cidr.parse("10.0.0.0/8")));
        assertEquals(List.of(), NetworkCeiling.NONE.effective(List.of(Cidr.parse("0.0.0.0/0"))));
    }

    @Test
    void aRealmMayAllowlistOnlyInsideTheOperatorsNetworks() {
        NetworkCeiling ceiling = NetworkCeiling.parse("10.20.0.0/16, 127.0.0.0/8");
        assertNull(ceiling.refusal(Cidr.parse("10.20.3.0/24")));
        assertNull(ceiling.refusal(Cidr.parse("127.0.0.1/32")));
        assertNotNull(ceiling.refusal(Cidr.parse("10.0.0.0/8")), "wider than the operator's network");
        assertNotNull(ceiling.refusal(Cidr.parse("0.0.0.0/0")));
        assertNotNull(ceiling.refusal(Cidr.parse("169.254.169.254/32")));
    }

    @Test
    void aWideOperatorNetworkDoesNotOpenLoopbackOrMetadata() {
        NetworkCeiling wide = NetworkCeiling.parse("0.0.0.0/0");
        assertNull(wide.refusal(Cidr.parse("10.0.0.0/8")));
        assertNotNull(wide.refusal(Cidr.parse("127.0.0.1/32")));
        assertNotNull(wide.refusal(Cidr.parse("169.254.169.254/32")));
        assertEquals(List.of(Cidr.parse("10.0.0.0/8")), wide.effective(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1/32"))));
        assertNull(NetworkCeiling.parse("169.254.169.254/32").refusal(Cidr.parse("169.254.169.254/32")), "named explicitly");
    }

    @Test
    void storedEntriesKeepOnlyWhatTheOperatorStillAllows() {
        NetworkCeiling ceiling = NetworkCeiling.parse("127.0.0.0/8,10.20.0.0/16");
        assertEquals(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.20.0.0/16")), ceiling.effective(List.of(Cidr.parse("0.0.0.0/0"))),
                "an old 0.0.0.0/0 shrinks to the operator's networks");
        assertEquals(List.of(Cidr.parse("127.0.0.1/32")), ceiling.effective(List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("192.168.0.0/16"))));
    }

    @Test
    void theGuardWithAnEffectiveAllowlistRefusesWhatTheOperatorDidNotOpen() {
        DestinationGuard guard = new DestinationGuard(NetworkCeiling.parse("0.0.0.0/0").effective(List.of(Cidr.parse("0.0.0.0/0"))),
                host -> new InetAddress[] {InetAddress.getByName(host)});
        assertDoesNotThrow(() -> guard.checkHost("10.1.1.1", false));
        assertThrows(DestinationGuard.RefusedDestination.class, () -> guard.checkHost("127.0.0.1", false));
    }
}
