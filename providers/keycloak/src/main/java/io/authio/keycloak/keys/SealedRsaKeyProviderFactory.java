package io.authio.keycloak.keys;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.keycloak.common.util.KeyUtils;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyType;
import org.keycloak.keys.Attributes;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code authio-sealed-rsa}: RS256 (and RS384/RS512/PS*) signing keys, private key sealed. */
public class SealedRsaKeyProviderFactory extends SealedKeyProviderFactory {

    public static final String ID = "authio-sealed-rsa";
    static final List<String> ALGORITHMS = List.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512,
            Algorithm.PS256, Algorithm.PS384, Algorithm.PS512);
    private static final List<String> SIZES = List.of("2048", "3072", "4096");

    @Override
    protected String keyAlgorithm() {
        return "RSA";
    }

    @Override
    protected String keyType() {
        return KeyType.RSA;
    }

    @Override
    protected String defaultAlgorithm() {
        return Algorithm.RS256;
    }

    @Override
    protected List<String> algorithms() {
        return ALGORITHMS;
    }

    @Override
    protected boolean hasCertificate() {
        return true;
    }

    @Override
    protected KeyPair generate(ComponentModel model) {
        return KeyUtils.generateRsaKeyPair(keySize(model));
    }

    @Override
    protected boolean outdated(ComponentModel model, PublicKey publicKey) {
        return !(publicKey instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() != keySize(model);
    }

    private static int keySize(ComponentModel model) {
        String size = model.get(Attributes.KEY_SIZE_KEY, "2048");
        if (!SIZES.contains(size)) {
            throw new org.keycloak.component.ComponentValidationException("keySize must be one of " + SIZES);
        }
        return Integer.parseInt(size);
    }

    @Override
    public String getHelpText() {
        return "Authio: generates an RSA signing key whose private key is stored sealed (ChaCha20-Poly1305 under the realm's data key, "
                + "wrapped by the KEK), never in plaintext";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty size = new ProviderConfigProperty(Attributes.KEY_SIZE_KEY, "Key size", "Size for the generated keys",
                ProviderConfigProperty.LIST_TYPE, "2048");
        size.setOptions(SIZES);
        return ProviderConfigurationBuilder.create()
                .property(Attributes.PRIORITY_PROPERTY)
                .property(Attributes.ENABLED_PROPERTY)
                .property(Attributes.ACTIVE_PROPERTY)
                .property(algorithmProperty(Algorithm.RS256, ALGORITHMS))
                .property(size)
                .build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
