package io.authio.tests.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.injection.LifeCycle;
import org.keycloak.testframework.realm.ManagedRealm;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class AuditLogIT {

    @InjectRealm(ref = "demo", fromJson = "/realm-config/authio-demo-realm.json", lifecycle = LifeCycle.GLOBAL)
    ManagedRealm demo;

    @Test
    void aPasswordLoginWithPkceRecordsOneLoginSucceededRow() {
        Users.Created alice = Users.create(demo.admin(), "alice");

        Oidc.LoginResult login = new Oidc(demo.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT)
                .login(alice.username(), Users.PASSWORD);

        assertTrue(login.succeeded(), () -> "login did not yield tokens: " + login.response().body());
        List<Map<String, Object>> rows = TestDb.query(
                "select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ? and TYPE = 'user.login.succeeded'",
                demo.getId(), alice.id());
        assertEquals(1, rows.size(), "exactly one login row");
        Map<String, Object> row = rows.get(0);
        assertEquals("success", row.get("outcome"));
        assertEquals("user", row.get("actor_type"));
        assertEquals(alice.id(), row.get("actor_id"));
        assertEquals(Oidc.DEMO_APP, row.get("client_id"));
        assertEquals("127.0.0.1", row.get("ip"));
        assertNotNull(row.get("session_id"));
        assertTrue(((String) row.get("user_agent")).contains("AuthioTestBrowser"));
        assertTrue(((String) row.get("metadata")).contains("\"user_email\":\"" + alice.email() + "\""));
        assertEquals(36, ((String) row.get("id")).length());
        assertEquals('7', ((String) row.get("id")).charAt(14), "ids are UUIDv7");
    }

    @Test
    void aWrongPasswordRecordsLoginFailedWithTheReason() {
        Users.Created bob = Users.create(demo.admin(), "bob");

        Oidc.LoginResult login = new Oidc(demo.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT)
                .login(bob.username(), "not-the-password");

        assertFalse(login.succeeded());
        List<Map<String, Object>> rows = TestDb.query(
                "select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ? and TYPE = 'user.login.failed'",
                demo.getId(), bob.id());
        assertEquals(1, rows.size());
        assertEquals("failure", rows.get(0).get("outcome"));
        assertTrue(((String) rows.get(0).get("metadata")).contains("\"error\":\"invalid_user_credentials\""));
    }

    @Test
    void anUnknownUsernameIsRecordedWithoutAUser() {
        String ghost = "ghost-" + System.nanoTime();

        new Oidc(demo.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT).login(ghost, "whatever");

        List<Map<String, Object>> rows = TestDb.query(
                "select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and TYPE = 'user.login.failed' and METADATA like ?",
                demo.getId(), "%" + ghost + "%");
        assertEquals(1, rows.size());
        assertNull(rows.get(0).get("user_id"));
    }

    @Test
    void anAdminCreatingAUserRecordsAdminUserCreated() {
        Users.Created carol = Users.create(demo.admin(), "carol");

        List<Map<String, Object>> rows = TestDb.query(
                "select * from AUTHIO_AUDIT_EVENT where REALM_ID = ? and USER_ID = ? and TYPE = 'admin.user.created'",
                demo.getId(), carol.id());
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals("admin", row.get("actor_type"));
        assertNotNull(row.get("actor_id"));
        String metadata = (String) row.get("metadata");
        assertTrue(metadata.contains("\"resource_path\":\"users/" + carol.id() + "\""), metadata);
        assertTrue(metadata.contains("\"operation\":\"CREATE\""), metadata);
        assertFalse(metadata.contains(Users.PASSWORD), "the representation (with its password) is never stored");
    }

    @Test
    void theServiceAccountOfTheDemoRealmReadsTheAuditLog() {
        var client = demo.admin().clients().findByClientId("authio-demo-service").get(0);
        String secret = demo.admin().clients().get(client.getId()).getSecret().getValue();
        String token = Json.clientToken(demo.getBaseUrl(), "authio-demo-service", secret);

        Json.Reply reply = Json.get(adminApi() + "/audit-events?limit=5", token);

        assertEquals(200, reply.status(), reply.body());
        JsonNode data = reply.json().get("data");
        assertTrue(data.isArray());
        assertTrue(data.size() <= 5);
    }

    private String adminApi() {
        return demo.getBaseUrl().replace("/realms/", "/admin/realms/") + "/authio";
    }
}
