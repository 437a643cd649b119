package io.authio.core.keys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * One AWS KMS key as a KEK: {@code Encrypt}/{@code Decrypt} with the data key's realm and version as the
 * encryption context, always naming the key ARN (so a ciphertext made under another key, even one this role may
 * use, is refused). Errors are classified for the operator; none ever yields key bytes.
 */
final class AwsKmsKek implements Kek {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> CHECK_CONTEXT = Map.of(DataKeyContext.CONTEXT_PURPOSE, "kek-check");

    private final KmsClient client;
    private final String arn;
    private final KekHealth health;

    AwsKmsKek(KmsClient client, String arn, KekHealth health) {
        this.client = client;
        this.arn = arn;
        this.health = health;
    }

    @Override
    public String id() {
        return AwsKmsKeks.ID_PREFIX + arn;
    }

    @Override
    public String format() {
        return DataKeyWrap.FORMAT_KMS;
    }

    @Override
    public byte[] wrap(byte[] keyMaterial, DataKeyContext context) {
        return encrypt(keyMaterial, context.encryptionContext());
    }

    @Override
    public byte[] unwrap(byte[] wrapped, DataKeyContext context) {
        return decrypt(wrapped, context.encryptionContext());
    }

    @Override
    public void check() {
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        byte[] back = decrypt(encrypt(probe, CHECK_CONTEXT), CHECK_CONTEXT);
        if (!MessageDigest.isEqual(probe, back)) {
            throw new KekCallException(KekCallException.Cause.UNAVAILABLE, "AWS KMS key " + arn + " did not return what it encrypted");
        }
    }

    private byte[] encrypt(byte[] plaintext, Map<String, String> context) {
        EncryptResponse response;
        try {
            response = client.encrypt(b -> b.keyId(arn).plaintext(SdkBytes.fromByteArray(plaintext)).encryptionContext(context)
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT));
        } catch (SdkException e) {
            throw health.failed(classify(e, "Encrypt", arn));
        }
        health.succeeded();
        if (!arn.equals(response.keyId())) {
            throw new KekCallException(KekCallException.Cause.UNAVAILABLE, "AWS KMS encrypted under " + response.keyId() + ", not " + arn);
        }
        return response.ciphertextBlob().asByteArray();
    }

    private byte[] decrypt(byte[] ciphertext, Map<String, String> context) {
        DecryptResponse response;
        try {
            response = client.decrypt(b -> b.keyId(arn).ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionContext(context)
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT));
        } catch (InvalidCiphertextException | IncorrectKeyException e) {
            // KMS answered: the ciphertext is not for this key and context. Not a failure of the KEK.
            health.succeeded();
            throw new SealException("KEK " + id() + " cannot unwrap this data key (another realm, version or key, or the row was altered)");
        } catch (SdkException e) {
            throw health.failed(classify(e, "Decrypt", arn));
        }
        health.succeeded();
        byte[] plaintext = response.plaintext().asByteArray();
        if (response.keyId() != null && !arn.equals(response.keyId())) {
            Arrays.fill(plaintext, (byte) 0);
            throw new SealException("AWS KMS decrypted under " + response.keyId() + ", not " + arn);
        }
        return plaintext;
    }

    /** The operator-facing cause of a failed call; the SDK's message is kept short and never holds secrets. */
    static KekCallException classify(SdkException e, String operation, String keyId) {
        KekCallException.Cause cause;
        String detail;
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
            detail = code + ": " + brief(message);
            if (service instanceof DisabledException) {
                cause = KekCallException.Cause.KEY_DISABLED;
            } else if (service instanceof KmsInvalidStateException) {
                cause = KekCallException.Cause.KEY_PENDING_DELETION;
            } else if (service instanceof NotFoundException) {
                cause = KekCallException.Cause.KEY_NOT_FOUND;
            } else if (service instanceof InvalidKeyUsageException) {
                cause = KekCallException.Cause.WRONG_KEY_TYPE;
            } else if (code.startsWith("AccessDenied")) {
                cause = KekCallException.Cause.ACCESS_DENIED;
            } else if (code.equals("UnrecognizedClientException") || code.contains("Signature") || code.equals("ExpiredTokenException")
                    || code.equals("InvalidClientTokenId")) {
                cause = KekCallException.Cause.CREDENTIALS;
            } else if (service.isThrottlingException()) {
                cause = KekCallException.Cause.THROTTLED;
            } else {
                cause = KekCallException.Cause.UNAVAILABLE;
            }
        } else {
            detail = brief(e.getMessage());
            cause = detail.toLowerCase(java.util.Locale.ROOT).contains("credentials") ? KekCallException.Cause.CREDENTIALS
                    : KekCallException.Cause.UNREACHABLE;
        }
        return new KekCallException(cause, "AWS KMS " + operation + " with key " + keyId + ": " + cause.text() + " (" + detail + ")");
    }

    static String brief(String message) {
        if (message == null) {
            return "no detail";
        }
        String oneLine = message.replaceAll("[\\r\\n\\t]+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    @Override
    public String toString() {
        return "Kek[" + id() + "]";
    }
}
