package io.authio.keycloak.keys;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.KeyUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyType;
import org.keycloak.keys.Attributes;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.authio.keycloak.http.Caller;

/** {@code authio-sealed-rsa}: RS256 (and RS384/RS512/PS*) signing keys, private key sealed. */
public class SealedRsaKeyProviderFactory extends SealedKeyProviderFactory {

    public static final String ID = "authio-sealed-rsa";
    static final List<String> ALGORITHMS = List.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512,
            Algorithm.PS256, Algorithm.PS384, Algorithm.PS512);
    /** Encryption keys (use {@code enc}): what Keycloak's {@code rsa-enc-generated} would otherwise hold in plaintext. */
    static final List<String> ENC_ALGORITHMS = List.of(Algorithm.RSA_OAEP, Algorithm.RSA_OAEP_256);
    private static final List<String> ALL_ALGORITHMS = java.util.stream.Stream.concat(ALGORITHMS.stream(), ENC_ALGORITHMS.stream()).toList();
    private static final List<String> SIZES = List.of("2048", "3072", "4096");
    private static final Logger LOG = Logger.getLogger(SealedRsaKeyProviderFactory.class);
    private boolean sealedByDefault = true;

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
        return ALL_ALGORITHMS;
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
                .property(algorithmProperty(Algorithm.RS256, ALL_ALGORITHMS))
                .property(size)
                .build();
    }

    /**
     * New and imported realms (not the bootstrap master realm) get sealed keys at creation: Keycloak's plaintext
     * RSA/EC keys in the import are adopted (sealed, same kid), and a sealed RS256 signing key and RSA-OAEP encryption
     * key are created when missing, so Keycloak never generates its plaintext fallback keys. Off with
     * {@code --spi-keys--authio-sealed-rsa--sealed-by-default=false}. Without a configured KEK the realm keeps
     * Keycloak's keys (warned); with a KEK that fails, the realm is not created.
     */
    @Override
    public void init(Config.Scope config) {
        sealedByDefault = config.getBoolean("sealedByDefault", true);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!sealedByDefault) {
            return;
        }
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmModel realm = created.getCreatedRealm();
                KeycloakSession session = created.getKeycloakSession();
                if (Config.getAdminRealm().equals(realm.getName())) {
                    return; // Keycloak creates the master realm's keys after this event; adopt them with the API
                }
                if (!Keks.of(session).anyConfigured()) {
                    LOG.warnf("Authio: realm %s keeps Keycloak's plaintext signing keys: no KEK is configured to seal them", realm.getName());
                    return;
                }
                SigningKeys.Adoption adoption = new SigningKeys(session, realm).adopt(Caller.system(), false);
                LOG.infof("Authio: realm %s signs with sealed keys (%d adopted, %d created)", realm.getName(),
                        adoption.adopted().size(), adoption.created().size());
            }
        });
    }

    @Override
    public String getId() {
        return ID;
    }
}
