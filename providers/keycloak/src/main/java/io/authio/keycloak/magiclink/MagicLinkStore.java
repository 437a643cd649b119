package io.authio.keycloak.magiclink;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import io.authio.core.magiclink.LinkRecord;
import io.authio.core.magiclink.MagicLinkTokens;

/**
 * Issued links in Keycloak's single-use object store (the replicated {@code actionTokens} cache), so every
 * node sees the same state and an atomic {@code remove} decides which single request consumes a link.
 * Keys carry only digests; entries expire with the link.
 */
final class MagicLinkStore {

    private static final String LINK = "authio.ml.link.";
    private static final String CURRENT = "authio.ml.current.";
    private static final String USED = "authio.ml.used.";
    private static final String DECOY = "authio.ml.decoy.";

    private final SingleUseObjectProvider store;

    MagicLinkStore(KeycloakSession session) {
        this(session.singleUseObjects());
    }

    MagicLinkStore(SingleUseObjectProvider store) {
        this.store = store;
    }

    /**
     * Stores the record and makes it the one current link of its browser for its user (or address) and client.
     * Every older link that browser asked for is revoked by this: it is no longer the current one, and
     * {@link io.authio.core.magiclink.LinkCheck} refuses it as {@code revoked} (its record is kept until it
     * expires so the refusal can say why). A request from another browser leaves this one's link alone: a
     * stranger asking for the same address cannot revoke the link the owner is waiting for.
     */
    void issue(String digest, LinkRecord record) {
        long lifespan = lifespanSeconds(record.expiresAt());
        store.put(LINK + digest, lifespan, record.toNotes());
        store.put(currentKey(record), lifespan, Map.of("digest", digest));
    }

    /**
     * For an address without an account: the same two writes as {@link #issue}, so both answers cost the same,
     * but always to the same two keys of the realm (overwritten, under keys no lookup reads): however many
     * unknown addresses are asked for, the replicated store holds two entries for them.
     */
    void decoy(String realmId, String digest, long expiresAtMillis) {
        long lifespan = lifespanSeconds(expiresAtMillis);
        store.put(DECOY + realmId, lifespan, Map.of("decoy", "1"));
        store.put(DECOY + realmId + ".current", lifespan, Map.of("digest", digest));
    }

    LinkRecord find(String digest) {
        return LinkRecord.fromNotes(store.get(LINK + digest));
    }

    boolean used(String digest) {
        return store.contains(USED + digest);
    }

    /** The digest of the newest link for the record's user and client (null when none is live). */
    String current(LinkRecord record) {
        Map<String, String> notes = store.get(currentKey(record));
        return notes == null ? null : notes.get("digest");
    }

    /**
     * Consumes the link: exactly one caller cluster-wide gets the record back; later ones get null. The
     * link is remembered as used until it would have expired.
     */
    LinkRecord consume(String digest) {
        LinkRecord record = LinkRecord.fromNotes(store.remove(LINK + digest));
        if (record == null) {
            return null;
        }
        store.put(USED + digest, lifespanSeconds(record.expiresAt()), Map.of());
        String pointer = currentKey(record);
        Map<String, String> current = store.get(pointer);
        if (current != null && digest.equals(current.get("digest"))) {
            store.remove(pointer);
        }
        return record;
    }

    /** Revokes a link without using it (too many wrong codes). */
    void revoke(String digest) {
        store.remove(LINK + digest);
    }

    private static String currentKey(LinkRecord r) {
        String who = r.userId() != null ? "u:" + r.userId() : "e:" + r.email();
        return CURRENT + MagicLinkTokens.tokenDigest(r.realmId() + "\n" + who + "\n" + r.clientId() + "\n" + r.rootSessionId());
    }

    private static long lifespanSeconds(long expiresAtMillis) {
        long seconds = (expiresAtMillis - Time.currentTimeMillis() + 999) / 1000;
        // kept a little longer than the link lives, so "expired" can be told apart from "unknown"
        return Math.max(1, seconds) + 300;
    }
}
