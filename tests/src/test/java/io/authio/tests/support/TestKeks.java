package io.authio.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.authio.core.keys.KekSet;
import io.authio.core.keys.KeystoreKeks;

/**
 * The tests' KEK: a PKCS#12 keystore under tests/target with two AES-256 keys, as after a KEK rotation —
 * {@value #CURRENT_ALIAS} wraps new data keys, {@value #PREVIOUS_ALIAS} stays readable. Its password reaches
 * Keycloak through Keycloak's file vault (entry {@value #VAULT_KEY}), as in production.
 */
public final class TestKeks {

    public static final String PASSWORD = "authio-test-kek-password";
    public static final String VAULT_KEY = "authio-kek-password";
    public static final String PREVIOUS_ALIAS = "authio-kek-1";
    public static final String CURRENT_ALIAS = "authio-kek-2";
    public static final String CURRENT_ID = "keystore:" + CURRENT_ALIAS;
    public static final String PREVIOUS_ID = "keystore:" + PREVIOUS_ALIAS;

    private TestKeks() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("authio.project.root", "..")).resolve("tests/target/authio-keys").toAbsolutePath().normalize();
    }

    public static Path keystore() {
        return dir().resolve("authio-kek.p12");
    }

    public static Path vaultDir() {
        return dir().resolve("vault");
    }

    /** Creates the keystore and the vault entry unless they exist (the server may be reused across runs). */
    public static synchronized void prepare() {
        try {
            Files.createDirectories(vaultDir());
            KeystoreKeks.createIfMissing(keystore(), PASSWORD.toCharArray(), PREVIOUS_ALIAS);
            if (!KeystoreKeks.aliases(keystore(), PASSWORD.toCharArray()).contains(CURRENT_ALIAS)) {
                KeystoreKeks.addKey(keystore(), PASSWORD.toCharArray(), CURRENT_ALIAS);
            }
            // the file vault's default key resolver: <realm>_<key>; Authio reads it in the master realm's context
            Files.writeString(vaultDir().resolve("master_" + VAULT_KEY), PASSWORD, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same KEKs the server uses, for tests that check what is stored. */
    public static KekSet keks() {
        return KeystoreKeks.load(keystore(), PASSWORD.toCharArray(), CURRENT_ALIAS, List.of(PREVIOUS_ALIAS));
    }
}
