package io.authio.core.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AddressKeyTest {

    @Test
    void everyAddressOfOneIpv6Slash64CountsAsOneKey() {
        String key = AddressKey.of("2001:db8:1:2::1");
        assertEquals("2001:db8:1:2::/64", key);
        assertEquals(key, AddressKey.of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals(key, AddressKey.of("2001:0DB8:0001:0002:0:0:0:7"), "notation does not matter");
        assertNotEquals(key, AddressKey.of("2001:db8:1:3::1"), "the next /64 is another subscriber");
    }

    @Test
    void ipv4AddressesAreKeysOfTheirOwnAndMappedOnesCountAsIpv4() {
        assertEquals("203.0.113.7", AddressKey.of("203.0.113.7"));
        assertNotEquals(AddressKey.of("203.0.113.7"), AddressKey.of("203.0.113.8"));
        assertEquals("203.0.113.7", AddressKey.of("::ffff:203.0.113.7"));
        assertEquals("0:0:0:0::/64", AddressKey.of("::1"));
    }

    @Test
    void anythingButAnAddressLiteralHasNoKeyAndIsNeverResolved() {
        assertNull(AddressKey.of(null));
        assertNull(AddressKey.of(""));
        assertNull(AddressKey.of("localhost"));
        assertNull(AddressKey.of("example.com"));
        assertNull(AddressKey.of("fe80::1%eth0"));
        assertNull(AddressKey.of("1".repeat(50)));
    }
}
