package io.authio.keycloak.risk;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.authio.core.id.Hashing;
import io.authio.core.risk.Decision;
import io.authio.core.risk.SignInChannel;

/**
 * {@code authio-risk}: placed after the first factor, scores the attempt, records the decision, and
 * leaves the level in the authentication session for {@code Condition - authio risk} sub-flows
 * (step-up, deny). It never blocks by itself.
 */
public class RiskAuthenticator implements Authenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RiskEnvironment env;

    RiskAuthenticator(RiskEnvironment env) {
        this.env = env;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RiskConfig config = RiskConfig.of(context.getAuthenticatorConfig());
        String token = deviceToken(context.getSession(), context.getRealm(), config);
        String deviceDigest = Hashing.sha256Hex(context.getRealm().getId() + "\n" + token);
        RiskCheck.Checked checked = RiskCheck.run(context, env, SignInChannel.BROWSER, config, deviceDigest);
        if (checked.decision() == Decision.STEP_UP) {
            RiskCheck.requireStepUp(context, checked);
        }
        context.success();
    }

    /** The browser's device cookie value, or a new random one set on the response now. */
    private static String deviceToken(KeycloakSession session, RealmModel realm, RiskConfig config) {
        Cookie existing = session.getContext().getRequestHeaders().getCookies().get(RiskNotes.DEVICE_COOKIE);
        if (existing != null && existing.getValue() != null && existing.getValue().matches("^[A-Za-z0-9_-]{43}$")) {
            return existing.getValue();
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        var uri = session.getContext().getUri();
        String path = uri.getBaseUri().getPath();
        path = (path.endsWith("/") ? path : path + "/") + "realms/" + realm.getName() + "/";
        boolean secure = "https".equals(uri.getRequestUri().getScheme()) || isLoopback(uri.getRequestUri().getHost());
        NewCookie cookie = new NewCookie.Builder(RiskNotes.DEVICE_COOKIE)
                .value(token)
                .path(path)
                .maxAge(config.deviceCookieDays() * 86_400)
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie);
        return token;
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
