package io.authio.keycloak.admin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

import io.authio.core.ratelimit.ApiLimits;
import io.authio.keycloak.http.AdminAccess;
import io.authio.keycloak.http.Caller;
import io.authio.keycloak.ratelimit.ApiRateLimit;

/**
 * Mounts Authio's admin API at {@code /admin/realms/{realm}/authio}. The id is the path segment, which is
 * why it is plain "authio" rather than "authio-..."; Keycloak has already verified the bearer token and
 * limited it to its realm (or master) before this is reached, so the per-caller rate limit applies here, once for
 * every endpoint.
 */
public class AuthioAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "authio";
    private static final Pattern API_SEGMENT = Pattern.compile("(?:^|/)admin/realms/[^/]+/authio/([^/]+)");

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                // every call below /authio passes here, after Keycloak authenticated the caller: one budget per
                // caller and API, so nobody without the caller's credentials can spend it
                Caller caller = Caller.of(auth);
                String client = Caller.API_KEY.equals(caller.type()) || auth.adminAuth().getClient() == null ? null
                        : auth.adminAuth().getClient().getClientId();
                ApiRateLimit.enforce(s, realm, ApiLimits.api(firstSegment(s)), caller.type(), caller.id(), client);
                AdminAccess.bind(s, adminEvent); // Keycloak hands it over here only: Authio's changes are recorded with it
                return new AuthioAdminResource(s, realm, auth);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The path segment after {@code /authio/} (which API is called). */
    static String firstSegment(KeycloakSession session) {
        Matcher m = API_SEGMENT.matcher(session.getContext().getUri().getPath());
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
