package io.authio.core.magiclink;

import java.util.HashMap;
import java.util.Map;

/**
 * What the server keeps about one issued link, under its token digest in a cluster-wide single-use store:
 * where it was requested (realm, authentication session and tab, client), for whom, and until when.
 * Never the token or the code.
 *
 * @param userId  the account the link signs into, or null when it creates one on first use
 * @param email   the normalized address the link was sent to
 */
public record LinkRecord(String realmId, String rootSessionId, String tabId, String clientId, String userId,
        String email, long issuedAt, long expiresAt) {

    public Map<String, String> toNotes() {
        Map<String, String> m = new HashMap<>();
        m.put("realm", realmId);
        m.put("root", rootSessionId);
        m.put("tab", tabId);
        m.put("client", clientId);
        if (userId != null) {
            m.put("user", userId);
        }
        m.put("email", email);
        m.put("iat", Long.toString(issuedAt));
        m.put("exp", Long.toString(expiresAt));
        return m;
    }

    /** Null when the notes are missing or not a link record. */
    public static LinkRecord fromNotes(Map<String, String> notes) {
        if (notes == null || !notes.containsKey("exp") || !notes.containsKey("root")) {
            return null;
        }
        try {
            return new LinkRecord(notes.get("realm"), notes.get("root"), notes.get("tab"), notes.get("client"),
                    notes.get("user"), notes.get("email"), Long.parseLong(notes.get("iat")),
                    Long.parseLong(notes.get("exp")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether this record was issued to the given browser tab. */
    public boolean boundTo(String rootSessionId, String tabId) {
        return this.rootSessionId.equals(rootSessionId) && this.tabId.equals(tabId);
    }
}
