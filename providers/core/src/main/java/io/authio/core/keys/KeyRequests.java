package io.authio.core.keys;

import java.util.List;
import java.util.Set;

import io.authio.core.api.Fields;
import io.authio.core.api.JsonBody;

/**
 * The key management API's request bodies: typed requests read by {@link JsonBody} (no body means the defaults),
 * only the documented fields, each of the documented type and range. Anything else is a 400 naming the field.
 */
public final class KeyRequests {

    public static final long DEFAULT_GRACE_SECONDS = 86_400;
    public static final long MAX_GRACE_SECONDS = 90L * 86_400;
    public static final List<String> SIGNING_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    private static final Set<Long> RSA_SIZES = Set.of(2048L, 3072L, 4096L);

    private KeyRequests() {
    }

    public record DataKeyRotation(boolean reseal) {
    }

    public record SigningKeyRotation(String algorithm, long gracePeriodSeconds, Integer keySize) {
    }

    public record Rewrap(int limit) {
    }

    record DataKeyRotationBody(Boolean reseal) {
    }

    record SigningKeyRotationBody(String algorithm, Long gracePeriodSeconds, Long keySize) {
        SigningKeyRotationBody {
            if (algorithm != null && !SIGNING_ALGORITHMS.contains(algorithm)) {
                throw JsonBody.invalid("algorithm", "must be one of " + SIGNING_ALGORITHMS);
            }
            Fields.integer("grace_period_seconds", gracePeriodSeconds, 0, MAX_GRACE_SECONDS, DEFAULT_GRACE_SECONDS);
            if (keySize != null) {
                String alg = algorithm == null ? "RS256" : algorithm;
                if (!alg.startsWith("RS") && !alg.startsWith("PS")) {
                    throw JsonBody.invalid("key_size", "applies to RSA algorithms only; the EC curve follows the algorithm");
                }
                if (!RSA_SIZES.contains(keySize)) {
                    throw JsonBody.invalid("key_size", "must be 2048, 3072 or 4096");
                }
            }
        }
    }

    record RewrapBody(Long limit) {
        RewrapBody {
            Fields.integer("limit", limit, 1, 10_000, 1_000);
        }
    }

    public static DataKeyRotation dataKeyRotation(String body) {
        return new DataKeyRotation(Boolean.TRUE.equals(JsonBody.read(body, DataKeyRotationBody.class).reseal()));
    }

    public static SigningKeyRotation signingKeyRotation(String body) {
        SigningKeyRotationBody in = JsonBody.read(body, SigningKeyRotationBody.class);
        return new SigningKeyRotation(in.algorithm() == null ? "RS256" : in.algorithm(),
                Fields.integer("grace_period_seconds", in.gracePeriodSeconds(), 0, MAX_GRACE_SECONDS, DEFAULT_GRACE_SECONDS),
                in.keySize() == null ? null : in.keySize().intValue());
    }

    /** The adoption call takes no options: an empty body or {@code {}}. */
    public static void empty(String body) {
        JsonBody.read(body, JsonBody.Empty.class);
    }

    public static Rewrap rewrap(String body) {
        return new Rewrap((int) Fields.integer("limit", JsonBody.read(body, RewrapBody.class).limit(), 1, 10_000, 1_000));
    }
}
