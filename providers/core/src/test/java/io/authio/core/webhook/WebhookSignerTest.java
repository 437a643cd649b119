package io.authio.core.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The example of the Standard Webhooks specification. */
    private static final WebhookSecret SPEC_SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TS = 1614265330L;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesTheStandardWebhooksSpecificationVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSigner.signatureHeader(SPEC_ID, SPEC_TS, SPEC_BODY, List.of(SPEC_SECRET)));
    }

    @Test
    void duringARotationBothSecretsSignSpaceSeparated() {
        WebhookSecret next = WebhookSecret.generate();
        String header = WebhookSigner.signatureHeader(SPEC_ID, SPEC_TS, SPEC_BODY, List.of(next, SPEC_SECRET));
        String[] parts = header.split(" ");
        assertEquals(2, parts.length);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[1]);
        assertTrue(parts[0].startsWith("v1,"));
    }

    @Test
    void anyChangeToIdTimestampOrBodyChangesTheSignature() {
        String base = WebhookSigner.sign(SPEC_SECRET.key(), SPEC_ID, SPEC_TS, SPEC_BODY);
        assertNotEquals(base, WebhookSigner.sign(SPEC_SECRET.key(), SPEC_ID + "x", SPEC_TS, SPEC_BODY));
        assertNotEquals(base, WebhookSigner.sign(SPEC_SECRET.key(), SPEC_ID, SPEC_TS + 1, SPEC_BODY));
        assertNotEquals(base, WebhookSigner.sign(SPEC_SECRET.key(), SPEC_ID, SPEC_TS, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void secretsRoundTripAndNeverPrintThemselves() {
        WebhookSecret s = WebhookSecret.generate();
        assertTrue(s.encoded().startsWith("whsec_"));
        assertEquals(s.encoded(), WebhookSecret.parse(s.encoded()).encoded());
        assertEquals("WebhookSecret[redacted]", s.toString());
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_!!!"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_AAAA"));
    }
}
