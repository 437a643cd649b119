package io.authio.keycloak.keys;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.keycloak.common.util.CertificateUtils;
import org.keycloak.common.util.PemUtils;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.keys.Attributes;
import org.keycloak.keys.KeyProvider;
import org.keycloak.keys.KeyProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ConfigurationValidationHelper;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Realm signing keys whose private key is stored sealed (purpose {@code signing-key}, record id = the
 * component id) instead of Keycloak's plaintext PEM. The key pair is generated on the server when the
 * component is created; only the sealed PKCS#8 bytes and the public parts reach COMPONENT_CONFIG.
 *
 * <p>Config keys beyond Keycloak's usual {@code priority/enabled/active/algorithm}: {@code sealedPrivateKey},
 * {@code publicKey} (base64 X.509 SubjectPublicKeyInfo), {@code certificate} (PEM, RSA only) and
 * {@code passiveUntil} (epoch millis, set by a rotation: after it the key is disabled).
 */
public abstract class SealedKeyProviderFactory implements KeyProviderFactory<KeyProvider> {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SealedKeyProviderFactory.class);
    public static final String PURPOSE = "signing-key";
    public static final String SEALED_PRIVATE_KEY = "sealedPrivateKey";
    public static final String PUBLIC_KEY = "publicKey";
    public static final String PASSIVE_UNTIL = "passiveUntil";
    /** Config keys Keycloak's own providers use for plaintext private keys: never accepted here. */
    private static final Set<String> PLAINTEXT_KEYS = Set.of(Attributes.PRIVATE_KEY_KEY, "ecPrivateKey", "eddsaPrivateKey");

    /** Everything a key provider instance needs, parsed once per component config (kept as a model note). */
    record Material(String sealed, KeyPair keyPair, X509Certificate certificate, long usableUntil) {
    }

    protected abstract String keyAlgorithm();

    protected abstract String defaultAlgorithm();

    protected abstract List<String> algorithms();

    protected abstract KeyPair generate(ComponentModel model);

    /** True when the stored key no longer fits the configuration (e.g. a different key size or curve). */
    protected abstract boolean outdated(ComponentModel model, PublicKey publicKey);

    protected abstract boolean hasCertificate();

    /**
     * A key that cannot be opened (KEK unavailable, data key destroyed, value altered) stays in the key manager with
     * its public key only: it still verifies and still counts as the realm's active key, so signing fails closed.
     * Throwing here would make Keycloak skip the provider and, finding no active key, generate and store a plaintext
     * fallback key ({@code fallback-RS256}) and sign with it.
     */
    @Override
    public KeyProvider create(KeycloakSession session, ComponentModel model) {
        Material material;
        try {
            material = material(session, model);
        } catch (RuntimeException e) {
            LOG.errorf("Authio: the sealed key %s (%s) of realm %s cannot be opened: %s. It cannot sign until this is resolved; "
                    + "Keycloak is kept from creating a plaintext fallback key", model.getId(), model.getName(), model.getParentId(), e.getMessage());
            material = new Material(null, new KeyPair(publicKey(model), null), certificateOf(model), 0L);
        }
        return new SealedKeyProvider(model, material, keyType(), algorithm(model), status(model, System.currentTimeMillis()));
    }

    private X509Certificate certificateOf(ComponentModel model) {
        try {
            return hasCertificate() && model.get(Attributes.CERTIFICATE_KEY) != null ? PemUtils.decodeCertificate(model.get(Attributes.CERTIFICATE_KEY)) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    protected abstract String keyType();

    String algorithm(ComponentModel model) {
        return model.get(Attributes.ALGORITHM_KEY, defaultAlgorithm());
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        ConfigurationValidationHelper.check(model)
                .checkLong(Attributes.PRIORITY_PROPERTY, false)
                .checkBoolean(Attributes.ENABLED_PROPERTY, false)
                .checkBoolean(Attributes.ACTIVE_PROPERTY, false);
        for (String plaintext : PLAINTEXT_KEYS) {
            if (model.getConfig().containsKey(plaintext)) {
                throw new ComponentValidationException(getId() + " generates its key on the server and never stores a private key in "
                        + "plaintext; remove '" + plaintext + "' from the configuration");
            }
        }
        String algorithm = algorithm(model);
        if (!algorithms().contains(algorithm)) {
            throw new ComponentValidationException(getId() + " supports algorithms " + algorithms() + ", not " + algorithm);
        }
        if (model.getId() == null) {
            // the sealed key is bound to the component id, so the id must exist before the key is sealed
            model.setId(KeycloakModelUtils.generateId());
        }
        if (model.getParentId() == null) {
            model.setParentId(realm.getId());
        }
        if (!realm.getId().equals(model.getParentId())) {
            throw new ComponentValidationException(getId() + " components belong directly to their realm");
        }
        String sealed = model.get(SEALED_PRIVATE_KEY);
        if (sealed == null || outdated(model, publicKey(model))) {
            seal(session, realm, model, generate(model));
        } else {
            try {
                Material material = open(session, model);
                if (!material.keyPair().getPublic().equals(publicKey(model))) {
                    throw new ComponentValidationException("the sealed private key does not match the public key");
                }
            } catch (RuntimeException e) {
                if (e instanceof ComponentValidationException cve) {
                    throw cve;
                }
                throw new ComponentValidationException("the sealed private key of this component cannot be opened here (copied from "
                        + "another component or realm, or its data key is gone): " + e.getMessage());
            }
        }
        if (model.get(Attributes.ACTIVE_KEY, true)) {
            model.getConfig().remove(PASSIVE_UNTIL); // re-activated by an administrator: no expiry
        }
    }

    private void seal(KeycloakSession session, RealmModel realm, ComponentModel model, KeyPair keyPair) {
        byte[] pkcs8 = keyPair.getPrivate().getEncoded();
        try {
            model.put(SEALED_PRIVATE_KEY, Secrets.of(session).seal(realm.getId(), PURPOSE, model.getId(), pkcs8));
        } catch (RuntimeException e) {
            throw new ComponentValidationException("could not seal the new private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        model.put(PUBLIC_KEY, Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded()));
        model.getConfig().remove(Attributes.CERTIFICATE_KEY);
        if (hasCertificate()) {
            X509Certificate certificate = CertificateUtils.generateV1SelfSignedCertificate(keyPair, realm.getName());
            model.put(Attributes.CERTIFICATE_KEY, PemUtils.encodeCertificate(certificate));
        }
    }

    /** Parsed key, cached as a note on the (cached) component model and reused while its config is unchanged. */
    Material material(KeycloakSession session, ComponentModel model) {
        String sealed = model.get(SEALED_PRIVATE_KEY);
        if (sealed == null) {
            throw new IllegalStateException("component " + model.getId() + " has no sealed private key");
        }
        String note = Material.class.getName();
        Material cached = model.hasNote(note) ? model.getNote(note) : null;
        // reused while the config is unchanged and only while this node holds the data key it was opened with, so a
        // disabled or unreachable KEK stops signing within the data key cache lifetime (cache-seconds) too
        if (cached != null && cached.sealed().equals(sealed) && System.currentTimeMillis() < cached.usableUntil()) {
            return cached;
        }
        Material material = open(session, model);
        model.setNote(note, material);
        return material;
    }

    Material open(KeycloakSession session, ComponentModel model) {
        String sealed = model.get(SEALED_PRIVATE_KEY);
        byte[] pkcs8 = Secrets.of(session).open(model.getParentId(), PURPOSE, model.getId(), sealed);
        try {
            KeyFactory factory = KeyFactory.getInstance(keyAlgorithm());
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = publicKey(model);
            X509Certificate certificate = hasCertificate() && model.get(Attributes.CERTIFICATE_KEY) != null
                    ? PemUtils.decodeCertificate(model.get(Attributes.CERTIFICATE_KEY)) : null;
            return new Material(sealed, new KeyPair(publicKey, privateKey), certificate,
                    Secrets.of(session).openedUntil(model.getParentId(), sealed));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the sealed private key is not a " + keyAlgorithm() + " key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    PublicKey publicKey(ComponentModel model) {
        String encoded = model.get(PUBLIC_KEY);
        if (encoded == null) {
            return null;
        }
        try {
            return KeyFactory.getInstance(keyAlgorithm()).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new ComponentValidationException("the stored public key is malformed");
        }
    }

    /** Active/passive/disabled from the config; a passive key past its grace period is disabled. */
    static KeyStatus status(ComponentModel model, long now) {
        boolean active = model.get(Attributes.ACTIVE_KEY, true);
        boolean enabled = model.get(Attributes.ENABLED_KEY, true);
        String passiveUntil = model.get(PASSIVE_UNTIL);
        if (!active && enabled && passiveUntil != null) {
            try {
                if (now >= Long.parseLong(passiveUntil)) {
                    return KeyStatus.DISABLED;
                }
            } catch (NumberFormatException e) {
                return KeyStatus.DISABLED;
            }
        }
        return KeyStatus.from(active, enabled);
    }

    protected static ProviderConfigProperty algorithmProperty(String defaultValue, List<String> values) {
        ProviderConfigProperty property = new ProviderConfigProperty(Attributes.ALGORITHM_KEY, "Algorithm", "Intended algorithm for the key",
                ProviderConfigProperty.LIST_TYPE, defaultValue);
        property.setOptions(values);
        return property;
    }
}
