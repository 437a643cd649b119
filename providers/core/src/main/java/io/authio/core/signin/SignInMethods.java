package io.authio.core.signin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one sign-in proved, from the credential types the flow's steps verified: the {@code amr} values
 * (RFC 8176 where one exists) and the level of authentication that becomes {@code acr}.
 *
 * <ul>
 *   <li>{@code pwd} password, {@code email} an email link or its code, {@code passkey} a passkey with user
 *       verification (something the user has, unlocked by something they know or are);</li>
 *   <li>{@code otp} a one-time code, {@code hwk} a WebAuthn security key used as a second factor;</li>
 *   <li>{@code rba} the risk engine demanded a step-up and it was passed;</li>
 *   <li>{@code mfa} two independent authenticators (a first and a second factor), or a passkey.</li>
 * </ul>
 *
 * Level 2 means multi-factor ({@code mfa}), level 1 one factor. Unknown credential types add nothing: a
 * value is only ever claimed for a check this code knows.
 */
public final class SignInMethods {

    /** Level of authentication of a single-factor sign-in. */
    public static final int SINGLE_FACTOR = 1;
    /** Level of authentication of a multi-factor sign-in (also reached by a passed step-up). */
    public static final int MULTI_FACTOR = 2;

    /** The credential type the email-link step records when it signs a user in. */
    public static final String MAGIC_LINK = "authio-magic-link";

    /** The result: amr values in a stable order (first factors, second factors, rba, mfa) and the level. */
    public record Result(List<String> amr, int level) {
        public Result {
            amr = List.copyOf(amr);
        }

        public boolean multiFactor() {
            return level >= MULTI_FACTOR;
        }
    }

    private SignInMethods() {
    }

    /**
     * @param credentialTypes the credential types verified in this authentication, in any order (Keycloak's
     *                        {@code password}, {@code otp}, {@code webauthn}, {@code webauthn-passwordless}, and
     *                        {@link #MAGIC_LINK})
     * @param stepUpPassed    whether a step-up the risk engine demanded was passed
     */
    public static Result of(Collection<String> credentialTypes, boolean stepUpPassed) {
        List<String> amr = new ArrayList<>(5);
        int factors = 0;
        if (credentialTypes.contains("password")) {
            amr.add("pwd");
            factors++;
        }
        if (credentialTypes.contains(MAGIC_LINK)) {
            amr.add("email");
            factors++;
        }
        if (credentialTypes.contains("webauthn-passwordless")) {
            amr.add("passkey");
            factors += 2; // possession of the key and the user verification that unlocks it
        }
        if (credentialTypes.contains("otp")) {
            amr.add("otp");
            factors++;
        }
        if (credentialTypes.contains("webauthn")) {
            amr.add("hwk");
            factors++;
        }
        if (stepUpPassed) {
            amr.add("rba");
        }
        boolean multi = factors >= 2;
        if (multi) {
            amr.add("mfa");
        }
        return new Result(amr, multi ? MULTI_FACTOR : SINGLE_FACTOR);
    }
}
