package io.authio.tests.risk;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import io.authio.tests.support.Browser;
import io.authio.tests.support.Jwt;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.Users;

/**
 * Real browser logins for the risk and sign-in tests: a device (cookie jar) at a client IP (X-Forwarded-For), and
 * a TOTP authenticator app that never presents the same code twice (Keycloak refuses a reused code).
 */
public final class RiskLogins {

    public static final String DEVICE_COOKIE = "AUTHIO_DEVICE";

    private RiskLogins() {
    }

    /**
     * The shipped demo realm imported under another name, with sslRequired=none: the tests spoof public
     * client addresses through X-Forwarded-For over plain HTTP, which "external" would refuse.
     */
    public static io.authio.tests.support.Realms.TestRealm realm(org.keycloak.admin.client.Keycloak admin,
            org.keycloak.testframework.server.KeycloakUrls urls, String name) {
        io.authio.tests.support.Realms.TestRealm realm = io.authio.tests.support.Realms.importDemoAs(admin, urls, name);
        org.keycloak.representations.idm.RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setSslRequired("none");
        realm.admin().update(rep);
        return realm;
    }

    /**
     * Waits (at most 10 s) until Keycloak's brute-force detector has recorded {@code failures} failed sign-ins of the
     * user: it records them on a background executor, and compares each failure's time with the last one it recorded.
     */
    public static void awaitRecordedFailures(RealmResource realm, String userId, int failures) {
        long deadline = System.currentTimeMillis() + 10_000;
        Object recorded = null;
        while (System.currentTimeMillis() < deadline) {
            recorded = realm.attackDetection().bruteForceUserStatus(userId).get("numFailures");
            if (recorded instanceof Number n && n.intValue() >= failures) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Keycloak recorded " + recorded + " failed sign-ins, not " + failures);
    }

    /** A user with a password and a TOTP credential (raw secret, as Keycloak stores it). */
    public record OtpUser(String id, String username, String secret) {
    }

    public static OtpUser createWithOtp(RealmResource realm, String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "risk-otp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.test");
        user.setEmailVerified(true);
        user.setFirstName("Risk");
        user.setLastName(prefix);
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Users.PASSWORD);
        password.setTemporary(false);
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("test authenticator");
        otp.setSecretData("{\"value\":\"" + secret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        user.setCredentials(List.of(password, otp));
        try (Response response = realm.users().create(user)) {
            if (response.getStatus() != 201) {
                throw new AssertionError("user creation answered " + response.getStatus());
            }
            String location = response.getLocation().getPath();
            return new OtpUser(location.substring(location.lastIndexOf('/') + 1), username, secret);
        }
    }

    /** A browser presenting itself from the given client IP (through Keycloak's proxy-header handling). */
    public static Browser deviceAt(String ip) {
        return new Browser().header("X-Forwarded-For", ip);
    }

    /** Moves a device to another network. */
    public static Browser moveTo(Browser browser, String ip) {
        return browser.header("X-Forwarded-For", ip);
    }

    /** Signs out locally: drops Keycloak's session cookies, keeps the device cookie (as a browser would). */
    public static void endSession(Browser browser) {
        var store = browser.cookies().getCookieStore();
        for (HttpCookie c : List.copyOf(store.getCookies())) {
            if (!DEVICE_COOKIE.equals(c.getName())) {
                store.remove(null, c);
            }
        }
    }

    public static String deviceCookie(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream().filter(c -> DEVICE_COOKIE.equals(c.getName()))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Password login; ends the session afterwards so the next login runs the flow again. */
    public static Oidc.LoginResult passwordLogin(Oidc oidc, Browser browser, String username, String password) {
        Oidc.Authorization auth = oidc.begin(browser);
        Oidc.LoginResult r = oidc.passwordLogin(auth, username, password);
        endSession(browser);
        return r;
    }

    /** Password, then the OTP page (which must appear: the user enrolled OTP), then the code exchange. */
    public static Oidc.LoginResult passwordThenOtp(Oidc oidc, Browser browser, OtpUser user) {
        Oidc.Authorization auth = oidc.begin(browser);
        Oidc.LoginResult first = oidc.passwordLogin(auth, user.username(), Users.PASSWORD);
        if (first.succeeded() || browser.page().selectFirst("form#kc-otp-login-form") == null) {
            throw new AssertionError("expected the OTP step-up page, got " + first.response().statusCode() + ": "
                    + browser.page().title());
        }
        HttpResponse<String> afterOtp = browser.submit("form#kc-otp-login-form", Map.of("otp", totp(user.secret())));
        Oidc.LoginResult r = oidc.finish(auth, Oidc.skipPasskeyOffer(browser, afterOtp));
        endSession(browser);
        return r;
    }

    /**
     * Signs in as the user would: password, and the OTP code when the page asks for it (the enrolled second
     * factor); ends the session afterwards. A refused sign-in (deny page, wrong password) comes back unfinished.
     */
    public static Oidc.LoginResult login(Oidc oidc, Browser browser, OtpUser user) {
        Oidc.Authorization auth = oidc.begin(browser);
        Oidc.LoginResult first = oidc.passwordLogin(auth, user.username(), Users.PASSWORD);
        if (first.succeeded() || browser.page().selectFirst("form#kc-otp-login-form") == null) {
            endSession(browser);
            return first;
        }
        HttpResponse<String> afterOtp = browser.submit("form#kc-otp-login-form", Map.of("otp", totp(user.secret())));
        Oidc.LoginResult r = oidc.finish(auth, Oidc.skipPasskeyOffer(browser, afterOtp));
        endSession(browser);
        return r;
    }

    /** Like {@link #passwordThenOtp}, but first submits a wrong code and runs {@code afterWrongCode}. */
    public static Oidc.LoginResult passwordThenWrongThenRightOtp(Oidc oidc, Browser browser, OtpUser user, Runnable afterWrongCode) {
        Oidc.Authorization auth = oidc.begin(browser);
        oidc.passwordLogin(auth, user.username(), Users.PASSWORD);
        String right = totp(user.secret());
        String wrong = right.equals("000000") ? "111111" : "000000";
        browser.submit("form#kc-otp-login-form", Map.of("otp", wrong));
        if (browser.page().selectFirst("form#kc-otp-login-form") == null) {
            throw new AssertionError("a wrong code should show the OTP page again: " + browser.page().title());
        }
        afterWrongCode.run();
        HttpResponse<String> afterOtp = browser.submit("form#kc-otp-login-form", Map.of("otp", right));
        Oidc.LoginResult r = oidc.finish(auth, Oidc.skipPasskeyOffer(browser, afterOtp));
        endSession(browser);
        return r;
    }

    public static JsonNode accessToken(Oidc.LoginResult r) {
        return Jwt.parse(r.tokens().get("access_token").asText()).payload();
    }

    public static JsonNode idToken(Oidc.LoginResult r) {
        return Jwt.parse(r.tokens().get("id_token").asText()).payload();
    }

    /** Codes already presented per secret: Keycloak accepts each TOTP code once. */
    private static final Map<String, java.util.Set<String>> USED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A valid TOTP code (RFC 6238, HMAC-SHA1, 6 digits, 30 s, over the raw secret bytes) not presented before:
     * the current period's, else a neighbour within Keycloak's look-ahead window of one period, else the next
     * period's once it starts.
     */
    public static synchronized String totp(String secret) {
        java.util.Set<String> used = USED.computeIfAbsent(secret, k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
        while (true) {
            long now = System.currentTimeMillis() / 1000 / 30;
            for (long counter : new long[] {now, now + 1, now - 1}) {
                String code = totp(secret, counter);
                if (used.add(code)) {
                    return code;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String totp(String secret, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int o = h[h.length - 1] & 0x0f;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
