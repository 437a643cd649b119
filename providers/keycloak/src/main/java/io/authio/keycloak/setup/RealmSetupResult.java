package io.authio.keycloak.setup;

import java.util.List;

/**
 * What turning Authio on did to a realm (the answer of {@code POST .../authio/setup} and the audit event's metadata).
 *
 * @param flowsCreated         flows added from the shipped configuration
 * @param flowsKept            flows of the same alias the realm already had (left as they are)
 * @param configsCreated       authenticator configurations added
 * @param browserFlow          the realm's browser flow now
 * @param directGrantFlow      the realm's direct grant flow now
 * @param eventListenersAdded  Authio's event listeners the realm did not have
 * @param loginTheme           the realm's login theme now (Authio's when the realm used the server default)
 * @param emailTheme           the realm's email theme now
 * @param passkeyPolicy        {@code set} when the realm's untouched passwordless policy got Authio's, else {@code kept}
 * @param clientScope          {@code created} or {@code kept}: the {@code authio-risk} scope carrying the risk claim
 * @param clientsUpdated       clients that received the scope as a default scope
 */
public record RealmSetupResult(List<String> flowsCreated, List<String> flowsKept, List<String> configsCreated, String browserFlow,
        String directGrantFlow, List<String> eventListenersAdded, String loginTheme, String emailTheme, String passkeyPolicy,
        String clientScope, int clientsUpdated) {
}
