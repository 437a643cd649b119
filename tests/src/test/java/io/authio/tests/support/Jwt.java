package io.authio.tests.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/** A compact JWS checked the way a relying party checks it: the key comes from the realm's JWKS by kid. */
public record Jwt(JsonNode header, JsonNode payload, byte[] signingInput, byte[] signature) {

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    public static Jwt parse(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a compact JWS: " + token);
        }
        try {
            return new Jwt(Json.MAPPER.readTree(B64.decode(parts[0])), Json.MAPPER.readTree(B64.decode(parts[1])),
                    (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), B64.decode(parts[2]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    public String kid() {
        return header.get("kid").asText();
    }

    public String alg() {
        return header.get("alg").asText();
    }

    /** The realm's published keys, fetched now. */
    public static JsonNode jwks(String realmUrl) {
        Json.Reply reply = Json.get(realmUrl + "/protocol/openid-connect/certs", null);
        if (reply.status() != 200) {
            throw new AssertionError("JWKS answered " + reply.status());
        }
        return reply.json();
    }

    public static JsonNode jwk(JsonNode jwks, String kid) {
        for (JsonNode key : jwks.get("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                return key;
            }
        }
        return null;
    }

    /** True when the JWKS holds a key with this token's kid and that key verifies the signature. */
    public boolean verifiesWith(JsonNode jwks) {
        JsonNode key = jwk(jwks, kid());
        if (key == null) {
            return false;
        }
        try {
            Signature verifier;
            switch (alg()) {
                case "RS256" -> verifier = Signature.getInstance("SHA256withRSA");
                case "ES256" -> verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
                default -> throw new AssertionError("unexpected alg " + alg());
            }
            verifier.initVerify(publicKey(key));
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static PublicKey publicKey(JsonNode jwk) throws GeneralSecurityException {
        if (jwk.has("d") || jwk.has("p") || jwk.has("q")) {
            throw new AssertionError("the JWKS publishes private key parts: " + jwk);
        }
        switch (jwk.get("kty").asText()) {
            case "RSA" -> {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, B64.decode(jwk.get("n").asText())), new BigInteger(1, B64.decode(jwk.get("e").asText()))));
            }
            case "EC" -> {
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec("secp256r1"));
                ECPoint point = new ECPoint(new BigInteger(1, B64.decode(jwk.get("x").asText())), new BigInteger(1, B64.decode(jwk.get("y").asText())));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params.getParameterSpec(ECParameterSpec.class)));
            }
            default -> throw new AssertionError("unexpected kty " + jwk);
        }
    }
}
