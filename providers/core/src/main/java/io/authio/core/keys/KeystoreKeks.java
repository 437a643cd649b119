package io.authio.core.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * KEKs held in a PKCS#12 keystore file: each alias an AES-256 secret key, protected by the keystore
 * password. The KEK id is {@code keystore:<alias>}.
 */
public final class KeystoreKeks {

    public static final String ID_PREFIX = "keystore:";
    private static final String TYPE = "PKCS12";

    private KeystoreKeks() {
    }

    public static KekSet load(Path path, char[] password, String currentAlias, List<String> previousAliases) {
        KeyStore store = read(path, password);
        Kek current = kek(store, path, password, currentAlias);
        List<Kek> previous = new ArrayList<>();
        for (String alias : previousAliases) {
            previous.add(kek(store, path, password, alias));
        }
        return new KekSet(current, previous);
    }

    /** Creates the keystore with one new AES-256 key unless the file exists; true when it created it. */
    public static boolean createIfMissing(Path path, char[] password, String alias) {
        if (Files.exists(path)) {
            return false;
        }
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, password);
            store.setEntry(alias, new KeyStore.SecretKeyEntry(newAesKey()), new KeyStore.PasswordProtection(password));
            write(path, store, password, false);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not create the KEK keystore " + path + ": " + e.getMessage(), e);
        }
    }

    /** Adds a new AES-256 key under a new alias (the first step of a KEK rotation). */
    public static void addKey(Path path, char[] password, String alias) {
        KeyStore store = read(path, password);
        try {
            if (store.containsAlias(alias)) {
                throw new IllegalArgumentException("the keystore already has an entry " + alias);
            }
            store.setEntry(alias, new KeyStore.SecretKeyEntry(newAesKey()), new KeyStore.PasswordProtection(password));
            write(path, store, password, true);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not add " + alias + " to " + path + ": " + e.getMessage(), e);
        }
    }

    public static List<String> aliases(Path path, char[] password) {
        try {
            List<String> aliases = Collections.list(read(path, password).aliases());
            Collections.sort(aliases);
            return aliases;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SecretKey newAesKey() throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return generator.generateKey();
    }

    private static KeyStore read(Path path, char[] password) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("KEK keystore " + path + " does not exist");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password);
            return store;
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException
            throw new IllegalStateException("KEK keystore " + path + " cannot be read (wrong password or not PKCS#12)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KEK keystore " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Kek kek(KeyStore store, Path path, char[] password, String alias) {
        try {
            Key key = store.getKey(alias, password);
            if (key == null) {
                throw new IllegalStateException("KEK keystore " + path + " has no key " + alias);
            }
            if (!(key instanceof SecretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm()) || key.getEncoded() == null
                    || key.getEncoded().length != 32) {
                throw new IllegalStateException("entry " + alias + " of " + path + " is not an AES-256 secret key");
            }
            return new AesGcmKek(ID_PREFIX + alias, key, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KEK " + alias + " in " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes next to the target and moves into place, so a crash never leaves a half-written keystore. */
    private static void write(Path path, KeyStore store, char[] password, boolean replace) throws IOException, GeneralSecurityException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".authio-kek", ".tmp");
        try {
            ownerOnly(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password);
            }
            if (replace) {
                try {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.move(tmp, path); // fails if another process created it meanwhile
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: rely on the directory's protection
        }
    }
}
