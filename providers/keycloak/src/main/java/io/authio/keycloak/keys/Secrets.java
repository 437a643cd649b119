package io.authio.keycloak.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.keycloak.models.KeycloakSession;

/**
 * PLACEHOLDER on the delivery branch only: the key-management branch provides the real envelope
 * encryption behind this exact API. Replaced at merge; never shipped.
 */
public final class Secrets {

    private Secrets() {
    }

    public static Secrets of(KeycloakSession session) {
        return new Secrets();
    }

    public String seal(String realmId, String purpose, String recordId, byte[] plaintext) {
        String aad = realmId + "|" + purpose + "|" + recordId;
        return "placeholder:" + Base64.getEncoder().encodeToString(aad.getBytes(StandardCharsets.UTF_8)) + ":"
                + Base64.getEncoder().encodeToString(plaintext);
    }

    public byte[] open(String realmId, String purpose, String recordId, String sealed) {
        String aad = realmId + "|" + purpose + "|" + recordId;
        String[] parts = sealed.split(":");
        if (!new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8).equals(aad)) {
            throw new IllegalStateException("sealed value bound to another record");
        }
        return Base64.getDecoder().decode(parts[2]);
    }
}
