package io.authio.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AuditTaxonomyTest {

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "LOGIN, -, user.login.succeeded",
            "LOGIN_ERROR, -, user.login.failed",
            "LOGOUT, -, user.logout",
            "REGISTER, -, user.registered",
            "UPDATE_CREDENTIAL, otp, user.credential.added",
            "UPDATE_CREDENTIAL, webauthn-passwordless, user.credential.added",
            "UPDATE_CREDENTIAL, password, user.credential.updated",
            "REMOVE_CREDENTIAL, otp, user.credential.removed",
            "RESET_PASSWORD, -, user.password.reset",
            "CLIENT_LOGIN, -, client.login.succeeded",
            "REFRESH_TOKEN_ERROR, -, token.refresh.failed",
            "CODE_TO_TOKEN_ERROR, -, token.code_exchange.failed",
            "USER_DISABLED_BY_TEMPORARY_LOCKOUT, -, user.locked.temporarily",
            "IMPERSONATE, -, user.impersonated"})
    void keycloakEventsMapToDottedTypes(String keycloakType, String credentialType, String expected) {
        assertEquals(Optional.of(expected), AuditTaxonomy.userEventType(keycloakType, credentialType));
    }

    @ParameterizedTest
    @CsvSource({"REFRESH_TOKEN", "CODE_TO_TOKEN", "INTROSPECT_TOKEN", "USER_INFO_REQUEST", "UPDATE_PASSWORD",
            "UPDATE_TOTP", "REMOVE_TOTP", "PERMISSION_TOKEN", "NOT_A_KEYCLOAK_EVENT"})
    void plumbingAndDeprecatedDuplicatesAreNotRecorded(String keycloakType) {
        assertEquals(Optional.empty(), AuditTaxonomy.userEventType(keycloakType, null));
    }

    @Test
    void failuresAreRecognisedByTheErrorSuffix() {
        assertTrue(AuditTaxonomy.isFailure("LOGIN_ERROR"));
        assertFalse(AuditTaxonomy.isFailure("LOGIN"));
        assertFalse(AuditTaxonomy.isFailure(null));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "USER, CREATE, users/6a1e2c1e-0000-4000-8000-000000000001, admin.user.created",
            "USER, UPDATE, users/6a1e2c1e-0000-4000-8000-000000000001, admin.user.updated",
            "USER, DELETE, users/6a1e2c1e-0000-4000-8000-000000000001, admin.user.deleted",
            "USER, ACTION, users/6a1e2c1e-0000-4000-8000-000000000001/reset-password, admin.user.reset_password",
            "USER, ACTION, users/6a1e2c1e-0000-4000-8000-000000000001/logout, admin.user.logout",
            "CLIENT, CREATE, clients/6a1e2c1e-0000-4000-8000-000000000002, admin.client.created",
            "REALM_ROLE_MAPPING, CREATE, users/6a1e2c1e-0000-4000-8000-000000000001/role-mappings/realm, admin.realm_role_mapping.created",
            "REALM, ACTION, '', admin.realm.action"})
    void adminEventsAreNamedAfterResourceAndOperation(String resource, String operation, String path, String expected) {
        assertEquals(expected, AuditTaxonomy.adminEventType(resource, operation, path));
    }

    @Test
    void theSubjectOfAnAdminEventIsTheUserInItsPath() {
        assertEquals(Optional.of("6a1e2c1e-0000-4000-8000-000000000001"),
                AuditTaxonomy.subjectUserId("users/6a1e2c1e-0000-4000-8000-000000000001/reset-password"));
        assertEquals(Optional.empty(), AuditTaxonomy.subjectUserId("clients/6a1e2c1e-0000-4000-8000-000000000002"));
        assertEquals(Optional.empty(), AuditTaxonomy.subjectUserId("users/not-an-id"));
        assertEquals(Optional.empty(), AuditTaxonomy.subjectUserId(null));
    }
}
