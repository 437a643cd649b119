package io.authio.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an Authio webhook (Standard Webhooks format) on the receiving side.
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(System.getenv("AUTHIO_WEBHOOK_SECRET"));
 * verifier.verify(headers, rawBodyBytes);   // throws WebhookVerificationException if not authentic
 * }</pre>
 *
 * Verify the raw request bytes, before any JSON parsing. Signatures are compared in constant time; the
 * timestamp must be within the tolerance (default 5 minutes) to stop replays of captured requests.
 * Deduplicate on {@code webhook-id}: deliveries are at-least-once.
 */
public final class WebhookVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";

    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(String secret) {
        this(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("missing webhook secret");
        }
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        this.key = Base64.getDecoder().decode(b64);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Thrown when a request is not an authentic, fresh Authio webhook. */
    public static final class WebhookVerificationException extends Exception {
        private static final long serialVersionUID = 1L;

        public WebhookVerificationException(String message) {
            super(message);
        }
    }

    /** Verifies using the request headers (names case-insensitive). */
    public void verify(Map<String, String> headers, byte[] body) throws WebhookVerificationException {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        verify(h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature"), body);
    }

    public void verify(String id, String timestamp, String signatureHeader, byte[] body) throws WebhookVerificationException {
        if (id == null || timestamp == null || signatureHeader == null || body == null) {
            throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("malformed webhook-timestamp");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > tolerance.getSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp outside the tolerance");
        }
        byte[] expected = sign(id, ts, body);
        for (String candidate : signatureHeader.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new WebhookVerificationException("no matching signature");
    }

    private byte[] sign(String id, long ts, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
