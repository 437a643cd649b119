package io.authio.tests.passwordless;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;

import io.authio.tests.support.Browser;

/**
 * A passkey on an emulated authenticator (webauthn4j-test): it answers the options Keycloak renders into
 * its registration and login pages with real attestation and assertion objects, which the test posts
 * back through the same forms the browser's JavaScript fills.
 */
public final class Passkeys {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DEC = Base64.getUrlDecoder();

    private final ClientPlatform platform;

    public Passkeys(String origin) {
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(new NoneAttestationAuthenticator()));
    }

    /** Registers a discoverable credential on Keycloak's registration page; {@code rpId} null takes the page's. */
    public HttpResponse<String> register(Browser b, String rpIdOverride) {
        String page = b.last().body();
        String rpId = rpIdOverride != null ? rpIdOverride : js(page, "rpId");
        PublicKeyCredentialCreationOptions options = new PublicKeyCredentialCreationOptions(
                new PublicKeyCredentialRpEntity(rpId, js(page, "rpEntityName")),
                new PublicKeyCredentialUserEntity(B64URL_DEC.decode(js(page, "userid")), js(page, "username"), js(page, "username")),
                new DefaultChallenge(B64URL_DEC.decode(js(page, "challenge"))),
                List.of(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256)),
                60_000L, List.of(),
                new AuthenticatorSelectionCriteria(null, ResidentKeyRequirement.REQUIRED, UserVerificationRequirement.REQUIRED),
                AttestationConveyancePreference.NONE, null);
        PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential = platform.create(options);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientDataJSON", B64URL.encodeToString(credential.getResponse().getClientDataJSON()));
        form.put("attestationObject", B64URL.encodeToString(credential.getResponse().getAttestationObject()));
        form.put("publicKeyCredentialId", B64URL.encodeToString(credential.getRawId()));
        form.put("authenticatorLabel", "Emulated passkey");
        form.put("transports", "internal");
        form.put("authenticatorAttachment", "platform");
        return b.submit("form#register", form);
    }

    /** Signs in from the login page's passkey autofill data (a discoverable credential: no username typed). */
    public HttpResponse<String> login(Browser b) {
        return login(b, null, null);
    }

    /**
     * Same, as an attacker would: {@code rpIdOverride} (null: the page's) picks this authenticator's credential for
     * another relying party; {@code userHandleOverride} (null: the credential's own) claims another user. The user
     * handle is not covered by the assertion's signature, so only the server's own checks refuse such a claim.
     */
    public HttpResponse<String> login(Browser b, String rpIdOverride, String userHandleOverride) {
        String page = b.last().body();
        PublicKeyCredentialRequestOptions options = new PublicKeyCredentialRequestOptions(
                new DefaultChallenge(B64URL_DEC.decode(js(page, "challenge"))), 60_000L,
                rpIdOverride != null ? rpIdOverride : js(page, "rpId"), List.of(),
                UserVerificationRequirement.REQUIRED, null);
        PublicKeyCredential<AuthenticatorAssertionResponse, ?> assertion = platform.get(options);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientDataJSON", B64URL.encodeToString(assertion.getResponse().getClientDataJSON()));
        form.put("authenticatorData", B64URL.encodeToString(assertion.getResponse().getAuthenticatorData()));
        form.put("signature", B64URL.encodeToString(assertion.getResponse().getSignature()));
        form.put("credentialId", B64URL.encodeToString(assertion.getRawId()));
        byte[] userHandle = assertion.getResponse().getUserHandle();
        form.put("userHandle", userHandleOverride != null ? userHandleOverride
                : userHandle == null ? "" : B64URL.encodeToString(userHandle));
        return b.submit("form#webauth", form);
    }

    /** The user handle Keycloak gives a user's passkeys: the user id's UTF-8 bytes, base64url. */
    public static String userHandleOf(String userId) {
        return B64URL.encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    /** A string value Keycloak renders into its page script, e.g. {@code challenge : "..."}. */
    static String js(String page, String name) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*:\\s*\"([^\"]*)\"").matcher(page);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in the page:\n" + page);
        }
        return m.group(1);
    }
}
