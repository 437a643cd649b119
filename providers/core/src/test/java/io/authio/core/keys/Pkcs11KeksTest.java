package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.util.List;

import io.authio.core.testing.Requirement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PKCS#11 KEK provider against a real token (SoftHSM2): keys generated and used on the token. */
class Pkcs11KeksTest {

    private static final String PIN = "4821-authio";
    private static Pkcs11Config config;

    @BeforeAll
    static void aFreshToken() throws Exception {
        Requirement.require(Pkcs11KeksTest.class, SoftHsm.missingReason());
        long slot = SoftHsm.initToken("authio-unit", PIN);
        config = Pkcs11Config.ofLibrary(SoftHsm.library().orElseThrow(), slot, null);
    }

    @Test
    void aKeyCreatedOnTheTokenWrapsAndUnwrapsAndNeverLeavesIt() throws Exception {
        assertTrue(Pkcs11Keks.createKeyIfMissing(config, PIN.toCharArray(), "kek-created-here"));
        assertFalse(Pkcs11Keks.createKeyIfMissing(config, PIN.toCharArray(), "kek-created-here"), "idempotent");

        KekSet set = Pkcs11Keks.load(config, PIN.toCharArray(), "kek-created-here", List.of());
        Kek kek = set.current();
        assertEquals("pkcs11:kek-created-here", kek.id());
        DataKey dek = DataKey.generate(1);
        String wrapped = DataKeyWrap.wrap(kek, "realm-hsm", dek);
        // a second provider instance (as after a restart) finds the persistent token key by its label
        Kek reloaded = Pkcs11Keks.load(config, PIN.toCharArray(), "kek-created-here", List.of()).current();
        assertEquals(dek, DataKeyWrap.unwrap(reloaded, "realm-hsm", 1, wrapped));
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(reloaded, "realm-other", 1, wrapped));

        KeyStore store = KeyStore.getInstance("PKCS11", Pkcs11Keks.provider(config));
        store.load(null, PIN.toCharArray());
        assertEquals(null, store.getKey("kek-created-here", null).getEncoded(), "sensitive, non-extractable token key");
    }

    @Test
    void aPreviousTokenKeyStaysReadableAfterARotation() {
        Pkcs11Keks.createKeyIfMissing(config, PIN.toCharArray(), "kek-old");
        Kek old = Pkcs11Keks.load(config, PIN.toCharArray(), "kek-old", List.of()).current();
        String wrapped = DataKeyWrap.wrap(old, "realm-hsm", DataKey.generate(2));
        Pkcs11Keks.createKeyIfMissing(config, PIN.toCharArray(), "kek-new");

        KekSet set = Pkcs11Keks.load(config, PIN.toCharArray(), "kek-new", List.of("kek-old"));

        assertEquals("pkcs11:kek-new", set.current().id());
        assertEquals(2, DataKeyWrap.unwrap(set.find("pkcs11:kek-old").orElseThrow(), "realm-hsm", 2, wrapped).version());
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(set.current(), "realm-hsm", 2, wrapped));
    }

    @Test
    void aWrongPinOrAnUnknownLabelIsAClearError() {
        IllegalStateException pin = assertThrows(IllegalStateException.class,
                () -> Pkcs11Keks.load(config, "0000".toCharArray(), "authio-kek", List.of()));
        assertTrue(pin.getMessage().contains("login failed"), pin.getMessage());
        Pkcs11Keks.createKeyIfMissing(config, PIN.toCharArray(), "authio-kek");
        IllegalStateException label = assertThrows(IllegalStateException.class,
                () -> Pkcs11Keks.load(config, PIN.toCharArray(), "no-such-key", List.of()));
        assertTrue(label.getMessage().contains("no key labelled no-such-key"), label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Config.ofLibrary("/nonexistent/libpkcs11.so", 1L, null));
        assertThrows(IllegalArgumentException.class, () -> Pkcs11Config.ofLibrary(SoftHsm.library().orElseThrow(), 1L, 0));
    }
}
