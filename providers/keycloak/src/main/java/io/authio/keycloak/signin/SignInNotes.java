package io.authio.keycloak.signin;

/** Session note names shared by the executions that record what a sign-in proved. */
public final class SignInNotes {

    /** Authentication-session note: a step-up the risk engine demanded was passed ("true"). */
    public static final String STEP_UP_PASSED = "authio.signin.step_up_passed";
    /** User-session note: the JSON array of amr values (read by the protocol mapper). */
    public static final String AMR = "authio.signin.amr";

    private SignInNotes() {
    }
}
