package io.authio.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactTest {

    @Test
    void addressesInSmtpErrorsAreReplaced() {
        assertEquals("550 5.1.1 <[address]>: Recipient address rejected",
                Redact.addresses("550 5.1.1 <victim@example.com>: Recipient address rejected"));
        assertEquals("Invalid Addresses: [address], [address]", Redact.addresses("Invalid Addresses: a.b+tag@x.io, \"c@d.test\"".replace("\"", "")));
        assertEquals("no address here", Redact.addresses("no address here"));
        assertNull(Redact.addresses(null));
    }

    @Test
    void theCauseChainIsKeptWithoutAddresses() {
        Exception e = new IllegalStateException("send failed", new RuntimeException("Invalid Addresses",
                new RuntimeException("550 <ceo@victim.test> unknown user")));
        String text = Redact.exception(e);
        assertEquals("IllegalStateException: send failed / RuntimeException: Invalid Addresses / RuntimeException: 550 <[address]> unknown user", text);
        assertFalse(text.contains("victim"));
    }
}
