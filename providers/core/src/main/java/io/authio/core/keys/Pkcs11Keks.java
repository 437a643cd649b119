package io.authio.core.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * KEKs that live on an HSM, reached through the JDK's SunPKCS11 provider: AES keys found by label (the
 * keystore alias), used in place for AES-GCM, never exported. The KEK id is {@code pkcs11:<alias>}.
 */
public final class Pkcs11Keks {

    public static final String ID_PREFIX = "pkcs11:";

    private Pkcs11Keks() {
    }

    public static KekSet load(Pkcs11Config config, char[] pin, String currentAlias, List<String> previousAliases) {
        Provider provider = provider(config);
        KeyStore store = login(provider, pin);
        Kek current = kek(store, provider, currentAlias);
        List<Kek> previous = new ArrayList<>();
        for (String alias : previousAliases) {
            previous.add(kek(store, provider, alias));
        }
        return new KekSet(current, previous);
    }

    /** Creates an AES-256 token key under the alias unless one exists; true when it created it. */
    public static boolean createKeyIfMissing(Pkcs11Config config, char[] pin, String alias) {
        Provider provider = provider(config);
        KeyStore store = login(provider, pin);
        try {
            if (store.containsAlias(alias)) {
                return false;
            }
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(256);
            SecretKey sessionKey = generator.generateKey();
            // storing it in the PKCS11 keystore turns the session key into a persistent token object labelled alias
            store.setEntry(alias, new KeyStore.SecretKeyEntry(sessionKey), null);
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not create the PKCS#11 key " + alias + ": " + e.getMessage(), e);
        }
    }

    static Provider provider(Pkcs11Config config) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalStateException("this JVM has no SunPKCS11 provider");
        }
        try {
            return config.configFile() != null
                    ? base.configure(config.configFile().toString())
                    : base.configure("--" + config.sunPkcs11Text());
        } catch (ProviderException | IllegalArgumentException e) {
            throw new IllegalStateException("the PKCS#11 token could not be opened: " + rootMessage(e), e);
        }
    }

    private static KeyStore login(Provider provider, char[] pin) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return store;
        } catch (IOException e) {
            throw new IllegalStateException("PKCS#11 login failed (wrong PIN?): " + rootMessage(e), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new IllegalStateException("the PKCS#11 token cannot be used: " + rootMessage(e), e);
        }
    }

    private static Kek kek(KeyStore store, Provider provider, String alias) {
        try {
            Key key = store.getKey(alias, null);
            if (key == null) {
                throw new IllegalStateException("the PKCS#11 token has no key labelled " + alias);
            }
            if (!(key instanceof SecretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
                throw new IllegalStateException("PKCS#11 object " + alias + " is not an AES secret key");
            }
            return new AesGcmKek(ID_PREFIX + alias, key, provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKCS#11 key " + alias + " cannot be used: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
