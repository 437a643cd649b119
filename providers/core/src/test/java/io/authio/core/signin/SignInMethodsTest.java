package io.authio.core.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SignInMethodsTest {

    private static void expect(List<String> amr, int level, Set<String> credentials, boolean stepUp) {
        SignInMethods.Result r = SignInMethods.of(credentials, stepUp);
        assertEquals(amr, r.amr(), credentials + " step-up " + stepUp);
        assertEquals(level, r.level(), credentials + " step-up " + stepUp);
    }

    @Test
    void oneFactorIsLevelOne() {
        expect(List.of("pwd"), 1, Set.of("password"), false);
        expect(List.of("email"), 1, Set.of(SignInMethods.MAGIC_LINK), false);
    }

    @Test
    void aFirstAndASecondFactorAreMultiFactor() {
        expect(List.of("pwd", "otp", "mfa"), 2, Set.of("otp", "password"), false);
        expect(List.of("pwd", "hwk", "mfa"), 2, Set.of("password", "webauthn"), false);
        expect(List.of("email", "otp", "mfa"), 2, Set.of(SignInMethods.MAGIC_LINK, "otp"), false);
    }

    @Test
    void aPasskeyWithUserVerificationIsBothFactors() {
        expect(List.of("passkey", "mfa"), 2, Set.of("webauthn-passwordless"), false);
        expect(List.of("passkey", "rba", "mfa"), 2, Set.of("webauthn-passwordless"), true);
    }

    @Test
    void aPassedStepUpIsNamedAfterTheFactors() {
        expect(List.of("pwd", "otp", "rba", "mfa"), 2, Set.of("password", "otp"), true);
    }

    @Test
    void unknownCredentialTypesClaimNothing() {
        expect(List.of(), 1, Set.of("kerberos", "something-new"), false);
        expect(List.of("pwd"), 1, Set.of("password", "something-new"), false);
    }
}
