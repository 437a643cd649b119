package io.authio.core.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import io.authio.core.id.Hashing;

/**
 * Standard Webhooks signatures: {@code v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>}.
 * During a secret rotation every active secret signs and the signatures are space-separated, so a
 * receiver holding either secret verifies.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** The {@code webhook-signature} header value for exactly these body bytes. */
    public static String signatureHeader(String messageId, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret signs");
        }
        return secrets.stream()
                .map(s -> "v1," + sign(s.key(), messageId, timestampSeconds, body))
                .collect(Collectors.joining(" "));
    }

    public static String sign(byte[] key, String messageId, long timestampSeconds, byte[] body) {
        byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(Hashing.hmacSha256(key, prefix, body));
    }
}
