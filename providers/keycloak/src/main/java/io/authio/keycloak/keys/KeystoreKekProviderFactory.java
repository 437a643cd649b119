package io.authio.keycloak.keys;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.authio.core.keys.DevKeystore;
import io.authio.core.keys.KekSet;
import io.authio.core.keys.KeystoreKeks;

/**
 * KEK provider {@code keystore} (the default): AES-256 keys in a PKCS#12 file.
 *
 * <pre>
 * --spi-authio-kek--keystore--path=/opt/keycloak/conf/authio-kek.p12
 * --spi-authio-kek--keystore--password-vault-key=authio-kek-password   (or --...--password=...)
 * --spi-authio-kek--keystore--key-alias=authio-kek                      (default)
 * --spi-authio-kek--keystore--previous-key-aliases=authio-kek-2025      (during a KEK rotation)
 * </pre>
 */
public class KeystoreKekProviderFactory extends AbstractKekProviderFactory {

    public static final String ID = "keystore";

    @Override
    public boolean isConfigured() {
        return option("path") != null;
    }

    @Override
    protected KekSet load(KeycloakSession session) {
        char[] password = secret(session, "password");
        try {
            return KeystoreKeks.load(Path.of(option("path")), password, currentAlias(), previousAliases());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String requiredOptions() {
        return "--spi-authio-kek--keystore--path and --spi-authio-kek--keystore--password-vault-key (or --password)";
    }

    @Override
    public int order() {
        return 1; // the default provider unless --spi-authio-kek--provider-default says otherwise
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return withCacheOption(ProviderConfigurationBuilder.create())
                .property().name("path").type("string").helpText("PKCS#12 keystore file holding the AES-256 KEK(s)").add()
                .property().name("password").type("string").secret(true).helpText("Keystore password (prefer password-vault-key)").add()
                .property().name("password-vault-key").type("string").helpText("Name of the Keycloak vault entry holding the keystore password (master realm context)").add()
                .property().name("key-alias").type("string").defaultValue(DevKeystore.ALIAS).helpText("Alias of the current KEK: wraps new data keys").add()
                .property().name("previous-key-aliases").type("string").helpText("Comma-separated aliases of older KEKs that must still unwrap data keys (KEK rotation)").add()
                .build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
