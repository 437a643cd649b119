package io.authio.core.keys;

import java.nio.file.Path;

/**
 * The development KEK: a PKCS#12 keystore with one AES-256 key under {@link #ALIAS}, created on first run
 * by the dev launcher. Production keystores are made with {@link KekTool} (or an HSM) and kept outside the
 * database's backups.
 */
public final class DevKeystore {

    /** The alias the {@code keystore} KEK provider uses when {@code key-alias} is not set. */
    public static final String ALIAS = "authio-kek";

    private DevKeystore() {
    }

    /** Creates the keystore unless the file exists; true when it did. Never replaces an existing key. */
    public static boolean createIfMissing(Path path, char[] password) {
        return KeystoreKeks.createIfMissing(path, password, ALIAS);
    }
}
