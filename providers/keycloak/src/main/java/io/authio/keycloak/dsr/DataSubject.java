package io.authio.keycloak.dsr;

/**
 * The person a request is about, as contributors see it: the realm, the account id (null when no account
 * has the address), and the identifiers that may appear in stored history. During a retried deletion
 * the account may already be gone; the identifiers still name the history to anonymize.
 */
public record DataSubject(String realmId, String userId, String email, String username) {

    public boolean hasAccount() {
        return userId != null;
    }
}
