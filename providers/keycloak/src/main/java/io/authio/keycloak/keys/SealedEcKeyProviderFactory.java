package io.authio.keycloak.keys;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.KeyUtils;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyType;
import org.keycloak.keys.Attributes;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code authio-sealed-ec}: ES256/ES384/ES512 signing keys (curve follows the algorithm), private key sealed. */
public class SealedEcKeyProviderFactory extends SealedKeyProviderFactory {

    public static final String ID = "authio-sealed-ec";
    static final List<String> ALGORITHMS = List.of(Algorithm.ES256, Algorithm.ES384, Algorithm.ES512);
    private static final Map<String, String> CURVES = Map.of(Algorithm.ES256, "secp256r1", Algorithm.ES384, "secp384r1", Algorithm.ES512, "secp521r1");
    private static final Map<String, Integer> FIELD_BITS = Map.of(Algorithm.ES256, 256, Algorithm.ES384, 384, Algorithm.ES512, 521);

    @Override
    protected String keyAlgorithm() {
        return "EC";
    }

    @Override
    protected String keyType() {
        return KeyType.EC;
    }

    @Override
    protected String defaultAlgorithm() {
        return Algorithm.ES256;
    }

    @Override
    protected List<String> algorithms() {
        return ALGORITHMS;
    }

    @Override
    protected boolean hasCertificate() {
        return false;
    }

    @Override
    protected KeyPair generate(ComponentModel model) {
        return KeyUtils.generateEcKeyPair(CURVES.get(algorithm(model)));
    }

    @Override
    protected boolean outdated(ComponentModel model, PublicKey publicKey) {
        return !(publicKey instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != FIELD_BITS.get(algorithm(model));
    }

    @Override
    public String getHelpText() {
        return "Authio: generates an EC (P-256/P-384/P-521) signing key whose private key is stored sealed, never in plaintext";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property(Attributes.PRIORITY_PROPERTY)
                .property(Attributes.ENABLED_PROPERTY)
                .property(Attributes.ACTIVE_PROPERTY)
                .property(algorithmProperty(Algorithm.ES256, ALGORITHMS))
                .build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
