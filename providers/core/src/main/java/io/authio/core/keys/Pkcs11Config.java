package io.authio.core.keys;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the HSM is: either a SunPKCS11 configuration file, or a PKCS#11 library with a slot id or slot
 * list index (Authio writes the SunPKCS11 configuration itself).
 */
public record Pkcs11Config(Path configFile, String library, Long slot, Integer slotListIndex) {

    public Pkcs11Config {
        if (configFile != null) {
            if (library != null || slot != null || slotListIndex != null) {
                throw new IllegalArgumentException("give either a SunPKCS11 config file or library and slot, not both");
            }
        } else {
            if (library == null || library.isBlank()) {
                throw new IllegalArgumentException("a PKCS#11 KEK needs the library path (or a SunPKCS11 config file)");
            }
            if ((slot == null) == (slotListIndex == null)) {
                throw new IllegalArgumentException("a PKCS#11 KEK needs exactly one of slot or slot-list-index");
            }
            if (!Files.isRegularFile(Path.of(library))) {
                throw new IllegalArgumentException("PKCS#11 library " + library + " does not exist");
            }
        }
    }

    public static Pkcs11Config ofLibrary(String library, Long slot, Integer slotListIndex) {
        return new Pkcs11Config(null, library, slot, slotListIndex);
    }

    public static Pkcs11Config ofFile(Path configFile) {
        return new Pkcs11Config(configFile, null, null, null);
    }

    /**
     * The SunPKCS11 configuration text. Keys Authio generates are created sensitive and non-extractable: the
     * token never hands out their value.
     */
    String sunPkcs11Text() {
        StringBuilder text = new StringBuilder("name = authio-kek\n");
        text.append("library = ").append(library).append('\n');
        if (slot != null) {
            text.append("slot = ").append(slot).append('\n');
        } else {
            text.append("slotListIndex = ").append(slotListIndex).append('\n');
        }
        text.append("attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n")
                .append("  CKA_SENSITIVE = true\n")
                .append("  CKA_EXTRACTABLE = false\n")
                .append("}\n");
        return text.toString();
    }
}
