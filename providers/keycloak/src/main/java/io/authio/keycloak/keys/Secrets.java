package io.authio.keycloak.keys;

import org.keycloak.models.KeycloakSession;

import java.util.function.Supplier;

import io.authio.core.keys.Envelope;
import io.authio.core.keys.KekCallException;
import io.authio.core.keys.SealContext;
import io.authio.core.keys.SealedValue;

/**
 * How any Authio capability stores a secret (webhook signing secrets, SIEM credentials, private keys):
 * {@link #seal} returns an ASCII string (format {@code v1.<version>.<base64url>}, see docs/key-management.md)
 * for an ordinary VARCHAR/NCLOB column; {@link #open} returns the bytes or throws an unchecked exception
 * ({@link io.authio.core.keys.SealException}, {@link KekUnavailableException}, {@link IllegalArgumentException}),
 * never wrong bytes. The realm id, purpose and record id must be the same for both: they are authenticated,
 * so a value copied to another row, purpose or realm does not open.
 *
 * <p>Values are sealed with ChaCha20-Poly1305 under the realm's newest data key, which is created on the
 * first seal and is stored wrapped by the KEK in AUTHIO_DATA_KEY.
 */
public final class Secrets {

    private final KeycloakSession session;

    private Secrets(KeycloakSession session) {
        this.session = session;
    }

    public static Secrets of(KeycloakSession session) {
        return new Secrets(session);
    }

    public String seal(String realmId, String purpose, String recordId, byte[] plaintext) {
        SealContext context = new SealContext(realmId, purpose, recordId);
        return kek(() -> Envelope.seal(new RealmDataKeys(session, realmId).current(), context, plaintext));
    }

    public byte[] open(String realmId, String purpose, String recordId, String sealed) {
        SealContext context = new SealContext(realmId, purpose, recordId);
        return kek(() -> Envelope.open(new RealmDataKeys(session, realmId), context, sealed));
    }

    /** The value under the realm's newest data key (the same string when it already is). */
    public String reseal(String realmId, String purpose, String recordId, String sealed) {
        SealContext context = new SealContext(realmId, purpose, recordId);
        return kek(() -> Envelope.reseal(new RealmDataKeys(session, realmId), context, sealed));
    }

    /** A remote KEK that cannot be asked is "KEK unavailable" to every caller; nothing falls back. */
    static <T> T kek(Supplier<T> action) {
        try {
            return action.get();
        } catch (KekCallException e) {
            throw new KekUnavailableException(e.getMessage(), e);
        }
    }

    /**
     * Until when a value opened just now may be kept in its opened form: while this node holds the data key it was
     * sealed under (so a disabled KEK stops its use within the data key cache lifetime). 0: open it again next time.
     */
    public long openedUntil(String realmId, String sealed) {
        return new RealmDataKeys(session, realmId).openedUntil(SealedValue.versionOf(sealed));
    }

    /** The data key version a sealed value depends on, read without opening it. */
    public static int dataKeyVersion(String sealed) {
        return SealedValue.versionOf(sealed);
    }
}
