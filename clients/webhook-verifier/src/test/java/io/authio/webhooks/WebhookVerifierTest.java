package io.authio.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.authio.core.webhook.WebhookSecret;
import io.authio.core.webhook.WebhookSigner;

class WebhookVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, Duration.ofMinutes(5),
            Clock.fixed(Instant.ofEpochSecond(TS + 60), ZoneOffset.UTC));

    @Test
    void acceptsTheStandardWebhooksExample() {
        assertDoesNotThrow(() -> verifier.verify(ID, Long.toString(TS), SIGNATURE, BODY));
        assertDoesNotThrow(() -> verifier.verify(Map.of("Webhook-Id", ID, "WEBHOOK-TIMESTAMP", Long.toString(TS),
                "webhook-signature", SIGNATURE), BODY));
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatches() {
        assertDoesNotThrow(() -> verifier.verify(ID, Long.toString(TS), "v1,AAAA v2,whatever " + SIGNATURE, BODY));
    }

    @Test
    void acceptsWhatTheServersSignerProduces() {
        WebhookSecret secret = WebhookSecret.generate();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSigner.signatureHeader("msg_1", now, BODY, List.of(secret));
        assertDoesNotThrow(() -> new WebhookVerifier(secret.encoded()).verify("msg_1", Long.toString(now), header, BODY));
    }

    @Test
    void rejectsTamperingStaleOrMissingParts() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> verifier.verify(ID, Long.toString(TS), SIGNATURE, tampered));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> verifier.verify(ID + "x", Long.toString(TS), SIGNATURE, BODY));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> verifier.verify(ID, Long.toString(TS + 1), SIGNATURE, BODY));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> verifier.verify(ID, "soon", SIGNATURE, BODY));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> verifier.verify(ID, Long.toString(TS), "v1,***", BODY));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> verifier.verify(ID, Long.toString(TS), null, BODY));
        WebhookVerifier later = new WebhookVerifier(SECRET, Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(TS + 301), ZoneOffset.UTC));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> later.verify(ID, Long.toString(TS), SIGNATURE, BODY));
        WebhookVerifier other = new WebhookVerifier(WebhookSecret.generate().encoded(), Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(TS), ZoneOffset.UTC));
        assertThrows(WebhookVerifier.WebhookVerificationException.class, () -> other.verify(ID, Long.toString(TS), SIGNATURE, BODY));
    }
}
