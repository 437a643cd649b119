package io.authio.core.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * KEKs that are AWS KMS keys. Loading resolves every configured key (alias or id) to its key ARN with
 * {@code DescribeKey}, refuses keys that are not enabled symmetric encryption keys, and proves the current key
 * wraps and unwraps with one round trip. The KEK id is {@code aws-kms:<key ARN>}: the ARN, not an alias, is what
 * a stored data key names, so re-pointing an alias is a KEK rotation like any other (re-wrap).
 */
public final class AwsKmsKeks {

    public static final String ID_PREFIX = "aws-kms:";

    private AwsKmsKeks() {
    }

    /** Throws {@link KekCallException} (naming the key and the cause) when a key cannot be used. */
    public static KekSet load(AwsKmsSettings settings, KekHealth health) {
        KmsClient client = client(settings);
        try {
            AwsKmsKek current = resolve(client, settings.keyId(), health);
            List<Kek> previous = new ArrayList<>();
            for (String keyId : settings.previousKeyIds()) {
                previous.add(resolve(client, keyId, health));
            }
            current.check();
            return new KekSet(current, previous);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    static KmsClient client(AwsKmsSettings settings) {
        Duration attempt = Duration.ofMillis(Math.max(500, settings.callTimeout().toMillis() / settings.maxAttempts()));
        KmsClientBuilder builder = KmsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attempt.compareTo(Duration.ofSeconds(2)) < 0 ? attempt : Duration.ofSeconds(2))
                        .socketTimeout(attempt)
                        .build())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(settings.callTimeout())
                        .apiCallAttemptTimeout(attempt)
                        // standard strategy: exponential backoff with jitter on throttling, 5xx and I/O errors
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build())
                        .build());
        if (settings.effectiveRegion() != null) {
            builder.region(Region.of(settings.effectiveRegion()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new KekCallException(KekCallException.Cause.UNREACHABLE, "AWS KMS client for " + settings.keyId()
                    + " cannot be set up: " + AwsKmsKek.brief(e.getMessage()) + " (set --spi-authio-kek--aws-kms--region?)");
        }
    }

    private static AwsKmsKek resolve(KmsClient client, String keyId, KekHealth health) {
        KeyMetadata key;
        try {
            key = client.describeKey(b -> b.keyId(keyId)).keyMetadata();
        } catch (SdkException e) {
            throw health.failed(AwsKmsKek.classify(e, "DescribeKey", keyId));
        }
        health.succeeded();
        if (key.keyState() == KeyState.DISABLED) {
            throw new KekCallException(KekCallException.Cause.KEY_DISABLED, "AWS KMS key " + keyId + " (" + key.arn() + "): key disabled");
        }
        if (key.keyState() != KeyState.ENABLED) {
            throw new KekCallException(KekCallException.Cause.KEY_PENDING_DELETION, "AWS KMS key " + keyId + " (" + key.arn()
                    + "): key is " + key.keyStateAsString() + ", not Enabled");
        }
        if (key.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT || key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw new KekCallException(KekCallException.Cause.WRONG_KEY_TYPE, "AWS KMS key " + keyId + " (" + key.arn()
                    + ") is " + key.keySpecAsString() + "/" + key.keyUsageAsString() + "; a KEK must be SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT");
        }
        return new AwsKmsKek(client, key.arn(), health);
    }
}
