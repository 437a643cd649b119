package io.authio.tests.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The OIDC authorization-code flow with PKCE (S256), as a public client such as the demo app runs it:
 * authorization request, the real login form, the redirect with the code, the token exchange.
 */
public final class Oidc {

    public static final String DEMO_APP = "authio-demo-app";
    public static final String DEMO_REDIRECT = "http://localhost:3000/callback";

    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;

    public Oidc(String realmUrl, String clientId, String redirectUri) {
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** A started authorization: the browser shows the login page; the verifier is kept for the exchange. */
    public record Authorization(Browser browser, String state, String verifier) {
    }

    /** The outcome of a finished login: where Keycloak sent the browser and, if granted, the tokens. */
    public record LoginResult(HttpResponse<String> response, String code, JsonNode tokens) {
        public boolean succeeded() {
            return tokens != null && tokens.hasNonNull("access_token");
        }
    }

    public Authorization begin(Browser browser) {
        String verifier = random(48);
        String state = random(16);
        String challenge = s256(verifier);
        String url = realmUrl + "/protocol/openid-connect/auth"
                + "?client_id=" + Browser.enc(clientId)
                + "&redirect_uri=" + Browser.enc(redirectUri)
                + "&response_type=code&scope=openid"
                + "&state=" + state
                + "&nonce=" + random(16)
                + "&code_challenge=" + challenge
                + "&code_challenge_method=S256";
        HttpResponse<String> page = browser.open(url);
        if (page.statusCode() != 200) {
            throw new AssertionError("authorization request answered " + page.statusCode() + ": " + page.body());
        }
        return new Authorization(browser, state, verifier);
    }

    /**
     * An authorization request the browser's SSO session answers without any page (the cookie sign-in): the
     * redirect back to the app is read and its code exchanged.
     */
    public LoginResult silentLogin(Browser browser) {
        String verifier = random(48);
        String state = random(16);
        String url = realmUrl + "/protocol/openid-connect/auth"
                + "?client_id=" + Browser.enc(clientId)
                + "&redirect_uri=" + Browser.enc(redirectUri)
                + "&response_type=code&scope=openid"
                + "&state=" + state
                + "&nonce=" + random(16)
                + "&code_challenge=" + s256(verifier)
                + "&code_challenge_method=S256";
        return finish(new Authorization(browser, state, verifier), browser.open(url));
    }

    /** Submits username and password on the login page and, if redirected back with a code, exchanges it. */
    public LoginResult passwordLogin(Authorization auth, String username, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("password", password);
        HttpResponse<String> response = auth.browser().submit("form#kc-form-login", fields);
        return finish(auth, skipPasskeyOffer(auth.browser(), response));
    }

    /**
     * The demo realm's browser flow offers a passkey to users without one after they sign in; tests that
     * are not about passkeys answer "Not now" and carry on to the app.
     */
    public static HttpResponse<String> skipPasskeyOffer(Browser browser, HttpResponse<String> response) {
        if (response.statusCode() == 200 && response.body().contains("id=\"authio-passkey-offer\"")) {
            return browser.submit("form#authio-passkey-offer", Map.of("passkey_offer", "later"));
        }
        return response;
    }

    /** Reads the code from a redirect to the app (if any) and exchanges it for tokens. */
    public LoginResult finish(Authorization auth, HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() != 302 || location == null || !location.startsWith(redirectUri)) {
            return new LoginResult(response, null, null);
        }
        Map<String, String> query = queryOf(URI.create(location));
        if (!auth.state().equals(query.get("state"))) {
            throw new AssertionError("state mismatch in " + location);
        }
        String code = query.get("code");
        if (code == null) {
            return new LoginResult(response, null, null);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        form.put("code_verifier", auth.verifier());
        JsonNode tokens = Json.post(realmUrl + "/protocol/openid-connect/token", form, null).json();
        return new LoginResult(response, code, tokens);
    }

    public LoginResult login(String username, String password) {
        return passwordLogin(begin(new Browser()), username, password);
    }

    static Map<String, String> queryOf(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return params;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return params;
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
