package io.authio.keycloak.signin;

import java.util.List;

import io.authio.keycloak.auth.SessionNoteClaimMapper;

/**
 * {@code authio-amr-mapper}: the {@code amr} claim (RFC 8176 authentication method references) of the sign-in
 * that created the session, as {@link SignInMethodsAuthenticator} recorded it: {@code pwd}, {@code email},
 * {@code passkey}, {@code otp}, {@code hwk}, {@code rba}, {@code mfa}. Nothing when the flow did not record it.
 */
public class AmrClaimMapper extends SessionNoteClaimMapper {

    public static final String ID = "authio-amr-mapper";
    public static final String CLAIM = "amr";

    public AmrClaimMapper() {
        super(SignInNotes.AMR, CLAIM, List.class);
    }

    @Override
    public String getDisplayType() {
        return "Authio authentication methods (amr)";
    }

    @Override
    public String getHelpText() {
        return "Adds the amr claim: the methods the sign-in used (pwd, email, passkey, otp, hwk, rba for a passed risk "
                + "step-up, mfa), as recorded by the 'Authio sign-in methods' execution.";
    }

    @Override
    public String getId() {
        return ID;
    }
}
