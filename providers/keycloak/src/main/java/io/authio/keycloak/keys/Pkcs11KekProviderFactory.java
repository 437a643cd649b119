package io.authio.keycloak.keys;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.authio.core.keys.DevKeystore;
import io.authio.core.keys.KekSet;
import io.authio.core.keys.Pkcs11Config;
import io.authio.core.keys.Pkcs11Keks;

/**
 * KEK provider {@code pkcs11}: an AES key on an HSM through the JDK's SunPKCS11 provider. The key is found
 * by its label (CKA_LABEL, the keystore alias) and used in place; it never leaves the token.
 *
 * <pre>
 * --spi-authio-kek--pkcs11--library=/usr/lib/softhsm/libsofthsm2.so
 * --spi-authio-kek--pkcs11--slot=1447121994            (or --slot-list-index=0, or --config-file=sunpkcs11.cfg)
 * --spi-authio-kek--pkcs11--pin-vault-key=authio-kek-pin   (or --pin=...)
 * --spi-authio-kek--pkcs11--key-alias=authio-kek
 * </pre>
 */
public class Pkcs11KekProviderFactory extends AbstractKekProviderFactory {

    public static final String ID = "pkcs11";

    @Override
    public boolean isConfigured() {
        return option("library") != null || option("configFile") != null;
    }

    @Override
    protected KekSet load(KeycloakSession session) {
        Pkcs11Config hsm;
        try {
            hsm = option("configFile") != null
                    ? Pkcs11Config.ofFile(Path.of(option("configFile")))
                    : Pkcs11Config.ofLibrary(option("library"), longOption("slot"), intOption("slotListIndex"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the pkcs11 KEK provider is misconfigured: " + e.getMessage(), e);
        }
        char[] pin = secret(session, "pin");
        try {
            return Pkcs11Keks.load(hsm, pin, currentAlias(), previousAliases());
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private Long longOption(String name) {
        String value = option(name);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("--spi-authio-kek--pkcs11--" + dash(name) + " must be a number");
        }
    }

    private Integer intOption(String name) {
        Long value = longOption(name);
        return value == null ? null : Math.toIntExact(value);
    }

    @Override
    public String requiredOptions() {
        return "--spi-authio-kek--pkcs11--library with --slot or --slot-list-index (or --config-file), and --pin-vault-key (or --pin)";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return withCacheOption(ProviderConfigurationBuilder.create())
                .property().name("library").type("string").helpText("Path of the HSM's PKCS#11 library").add()
                .property().name("slot").type("string").helpText("PKCS#11 slot id").add()
                .property().name("slot-list-index").type("string").helpText("Index into the PKCS#11 slot list (instead of slot)").add()
                .property().name("config-file").type("string").helpText("A complete SunPKCS11 configuration file (instead of library and slot)").add()
                .property().name("pin").type("string").secret(true).helpText("User PIN of the token (prefer pin-vault-key)").add()
                .property().name("pin-vault-key").type("string").helpText("Name of the Keycloak vault entry holding the PIN (master realm context)").add()
                .property().name("key-alias").type("string").defaultValue(DevKeystore.ALIAS).helpText("Label of the current AES KEK on the token").add()
                .property().name("previous-key-aliases").type("string").helpText("Comma-separated labels of older KEKs that must still unwrap data keys").add()
                .build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
