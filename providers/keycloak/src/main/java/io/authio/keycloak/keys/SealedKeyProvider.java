package io.authio.keycloak.keys;

import java.util.stream.Stream;

import org.keycloak.common.util.KeyUtils;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.KeyProvider;

/** One sealed signing key as Keycloak's key manager sees it; the status is computed per session. */
final class SealedKeyProvider implements KeyProvider {

    private final KeyWrapper key;

    SealedKeyProvider(ComponentModel model, SealedKeyProviderFactory.Material material, String keyType, String algorithm, KeyStatus status) {
        KeyWrapper wrapper = new KeyWrapper();
        wrapper.setProviderId(model.getId());
        wrapper.setProviderPriority(model.get("priority", 0L));
        wrapper.setKid(KeyUtils.createKeyId(material.keyPair().getPublic()));
        wrapper.setUse(SealedRsaKeyProviderFactory.ENC_ALGORITHMS.contains(algorithm) ? KeyUse.ENC : KeyUse.SIG);
        wrapper.setType(keyType);
        wrapper.setAlgorithm(algorithm);
        wrapper.setStatus(status);
        if (material.keyPair().getPrivate() != null) {
            wrapper.setPrivateKey(material.keyPair().getPrivate());
        }
        wrapper.setPublicKey(material.keyPair().getPublic());
        if (material.certificate() != null) {
            wrapper.setCertificate(material.certificate());
        }
        this.key = wrapper;
    }

    @Override
    public Stream<KeyWrapper> getKeysStream() {
        return Stream.of(key);
    }

    @Override
    public void close() {
    }
}
