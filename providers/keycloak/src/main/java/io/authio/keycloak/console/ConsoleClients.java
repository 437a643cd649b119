package io.authio.keycloak.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The two public OIDC clients the Authio pages sign in with, one pair per realm, like Keycloak's own
 * {@code security-admin-console} and {@code account-console}:
 * <ul>
 * <li>{@code authio-console}: administrators; full scope, so the token carries the caller's admin roles and the
 * admin API decides with them. Its home URL is the console, which makes it the console's entry in the realm's
 * client list of Keycloak's admin console.</li>
 * <li>{@code authio-account}: end users; scope limited to the {@code account} client's {@code view-profile} and
 * {@code manage-account} roles (the token's audience is then {@code account}); shown in the account console's
 * applications, which links to the page.</li>
 * </ul>
 * Both: authorization code with PKCE S256 only, exactly one redirect URI (the page itself), no password or
 * implicit grants. A realm gets them once (at creation or at the first start with this version, marked by a realm
 * attribute); an administrator who deletes them has switched the pages off for that realm.
 */
public final class ConsoleClients {

    public static final String CONSOLE = "authio-console";
    public static final String ACCOUNT = "authio-account";
    static final String MARKER = "authio.console.clients";
    private static final String TASK = "authio-console-clients";
    private static final Logger LOG = Logger.getLogger(ConsoleClients.class);

    private ConsoleClients() {
    }

    /** The path of the administrators' console in a realm (also its only redirect URI). */
    public static String consolePath(String realm) {
        return "/realms/" + segment(realm) + "/authio/console/";
    }

    /** The path of the end users' page in a realm (also its only redirect URI). */
    public static String accountPath(String realm) {
        return "/realms/" + segment(realm) + "/authio/account/";
    }

    private static String segment(String realm) {
        return URLEncoder.encode(realm, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Provisions new realms as they are created, and existing ones once the schema is migrated. */
    public static void register(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                provision(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent) {
                provisionAll(factory);
            }
        });
    }

    /** Adds the clients to every realm that never had them; once per cluster. */
    static void provisionAll(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            Runnable all = () -> session.realms().getRealmsStream().toList().forEach(realm -> provision(session, realm));
            if (cluster == null) {
                all.run();
            } else {
                cluster.executeIfNotExecuted(TASK, 300, () -> {
                    all.run();
                    return null;
                });
            }
        });
    }

    /** Adds both clients to the realm unless it had them before (or has clients of these ids). */
    static void provision(KeycloakSession session, RealmModel realm) {
        if (realm.getAttribute(MARKER) != null) {
            return;
        }
        if (realm.getClientByClientId(CONSOLE) == null) {
            ClientModel c = base(realm, CONSOLE, "Authio console", consolePath(realm.getName()),
                    "Authio's console for this realm's administrators: risk, audit, webhooks, SIEM, DSRs, API keys, keys.");
            c.setFullScopeAllowed(true);
        }
        if (realm.getClientByClientId(ACCOUNT) == null) {
            ClientModel c = base(realm, ACCOUNT, "Sign-in activity and devices", accountPath(realm.getName()),
                    "Your recent sign-ins and the devices you signed in from (Authio).");
            c.setFullScopeAllowed(false);
            c.setAlwaysDisplayInConsole(true);
            ClientModel account = realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
            if (account != null) {
                for (String role : Set.of("view-profile", "manage-account")) {
                    RoleModel r = account.getRole(role);
                    if (r != null) {
                        c.addScopeMapping(r);
                    }
                }
            }
        }
        realm.setAttribute(MARKER, "1");
        LOG.debugf("Authio console clients added to realm %s", realm.getName());
    }

    private static ClientModel base(RealmModel realm, String clientId, String name, String path, String description) {
        ClientModel c = realm.addClient(clientId);
        c.setName(name);
        c.setDescription(description);
        c.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        c.setEnabled(true);
        c.setPublicClient(true);
        c.setClientAuthenticatorType("client-secret"); // Keycloak's default, also for public clients
        c.setStandardFlowEnabled(true);
        c.setImplicitFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        c.setServiceAccountsEnabled(false);
        c.setConsentRequired(false);
        c.setFrontchannelLogout(true);
        c.setRootUrl("${authBaseUrl}");
        c.setBaseUrl(path);
        c.setRedirectUris(Set.of(path));
        c.setWebOrigins(Set.of("+"));
        c.setAttribute("pkce.code.challenge.method", "S256");
        c.setAttribute("post.logout.redirect.uris", "+");
        return c;
    }
}
