package io.authio.core.keys;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.authio.core.api.ApiException;

/**
 * Strict parsing of the key management API's request bodies: a JSON object (or no body, for defaults),
 * only the documented fields, each of the documented type and range. Anything else is a 400.
 */
public final class KeyRequests {

    public static final int MAX_BODY = 4096;
    public static final long DEFAULT_GRACE_SECONDS = 86_400;
    public static final long MAX_GRACE_SECONDS = 90L * 86_400;
    public static final List<String> SIGNING_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private KeyRequests() {
    }

    public record DataKeyRotation(boolean reseal) {
    }

    public record SigningKeyRotation(String algorithm, long gracePeriodSeconds, Integer keySize) {
    }

    public record Rewrap(int limit) {
    }

    public static DataKeyRotation dataKeyRotation(String body) {
        JsonNode json = object(body, Set.of("reseal"));
        return new DataKeyRotation(bool(json, "reseal", false));
    }

    public static SigningKeyRotation signingKeyRotation(String body) {
        JsonNode json = object(body, Set.of("algorithm", "grace_period_seconds", "key_size"));
        String algorithm = "RS256";
        JsonNode alg = json.get("algorithm");
        if (alg != null && !alg.isNull()) {
            if (!alg.isTextual() || !SIGNING_ALGORITHMS.contains(alg.asText())) {
                throw ApiException.badRequest("algorithm must be one of " + SIGNING_ALGORITHMS);
            }
            algorithm = alg.asText();
        }
        long grace = integer(json, "grace_period_seconds", 0, MAX_GRACE_SECONDS, DEFAULT_GRACE_SECONDS);
        Integer keySize = null;
        JsonNode size = json.get("key_size");
        if (size != null && !size.isNull()) {
            if (!algorithm.startsWith("RS") && !algorithm.startsWith("PS")) {
                throw ApiException.badRequest("key_size applies to RSA algorithms only; the EC curve follows the algorithm");
            }
            if (!size.isIntegralNumber() || !RSA_SIZES.contains(size.asInt()) || !size.canConvertToInt()) {
                throw ApiException.badRequest("key_size must be 2048, 3072 or 4096");
            }
            keySize = size.asInt();
        }
        return new SigningKeyRotation(algorithm, grace, keySize);
    }

    /** The adoption call takes no options: an empty body or {@code {}}. */
    public static void empty(String body) {
        object(body, Set.of());
    }

    public static Rewrap rewrap(String body) {
        JsonNode json = object(body, Set.of("limit"));
        return new Rewrap((int) integer(json, "limit", 1, 10_000, 1_000));
    }

    private static JsonNode object(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            return STRICT.createObjectNode();
        }
        if (body.length() > MAX_BODY) {
            throw ApiException.badRequest("the request body is too large");
        }
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + truncate(name) + "'; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
        return json;
    }

    private static boolean bool(JsonNode json, String name, boolean defaultValue) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(name + " must be true or false");
        }
        return value.asBoolean();
    }

    private static long integer(JsonNode json, String name, long min, long max, long defaultValue) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw ApiException.badRequest(name + " must be an integer between " + min + " and " + max);
        }
        return value.asLong();
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
