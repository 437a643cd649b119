package io.authio.keycloak.risk;

import jakarta.ws.rs.core.Cookie;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.id.Hashing;

/**
 * Whether a request comes from somewhere an account is known: the browser carries one of its device cookies, or
 * the address is among its recent sign-in addresses and networks. Budgets a stranger must not be able to use up
 * (the magic-link requests per address) keep the owner's share apart with it.
 */
public final class KnownSources {

    /** Stands in for "no account", so that an unknown address costs the same lookups as a known one. */
    private static final String NOBODY = "-";

    private KnownSources() {
    }

    /** @param userId the account, or null for an address without one (then the answer is false) */
    public static boolean isKnown(KeycloakSession session, RealmModel realm, String userId, String ip) {
        RiskStore store = new RiskStore(session);
        String who = userId == null ? NOBODY : userId;
        String digest = deviceDigest(session, realm);
        boolean deviceKnown = digest != null && store.device(realm.getId(), who, digest) != null;
        boolean known = store.profile(realm.getId(), who).knowsSource(deviceKnown, ip);
        return userId != null && known;
    }

    /** The digest of the browser's device cookie, or null when it sent none (or outside a request). */
    static String deviceDigest(KeycloakSession session, RealmModel realm) {
        try {
            Cookie c = session.getContext().getRequestHeaders().getCookies().get(RiskNotes.DEVICE_COOKIE);
            return c == null || c.getValue() == null ? null : Hashing.sha256Hex(realm.getId() + "\n" + c.getValue());
        } catch (RuntimeException notInRequest) {
            return null;
        }
    }
}
