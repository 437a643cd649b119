package io.authio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.risk.RiskEnvironmentFiles;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * Attacks on Authio's operator surfaces (docs/threat-model.md, "Authio console and admin surfaces"). First: an
 * administrator with a role too low for personal data ({@code view-realm}, or {@code manage-realm} without
 * {@code view-users} / {@code view-events}) reads every place Keycloak lets that role read (realm components of
 * every type, the realm with its attributes, a partial export) and Authio's API; none of it may name a data
 * subject, an address, an IP or a request note.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class ConsoleAttackIT {

    static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    static final String UI_TAB = "org.keycloak.services.ui.extend.UiTabProvider";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private static Realms.TestRealm realm;
    private static ConsoleData data;

    @BeforeEach
    void setUp() {
        if (realm == null) {
            realm = Realms.importDemoAs(admin, urls, "authio-console-attack");
            data = new ConsoleData(realm);
        }
    }

    @AfterAll
    static void tearDown() {
        realm = null;
        data = null;
    }

    @Test
    void anAdministratorWithoutUserOrEventRolesReadsNoPersonalDataAnywhere() throws InterruptedException {
        String subjectEmail = "leak-subject-" + System.nanoTime() + "@example.test";
        String note = "ticket LEAK-NOTE-" + System.nanoTime();
        Json.Reply dsr = data.api("POST", "/compliance/dsr", Map.of("request_type", "export", "user_email", subjectEmail, "notes", note));
        assertEquals(201, dsr.status(), dsr.body());
        Users.Created denied = Users.create(realm.admin(), "leak-denied");
        data.deniedSignIn(denied.username());
        ConsoleData.await(() -> data.api("GET", "/risk-decisions?user_id=" + denied.id(), null).json().path("data").size() > 0,
                10_000, "the denied sign-in's risk decision");
        Thread.sleep(3_000); // any background copy of records (the old console mirrors refreshed every second here) has run

        Map<String, String> personal = new LinkedHashMap<>();
        personal.put("the DSR subject's address", subjectEmail);
        personal.put("the DSR note", note);
        personal.put("the denied user's name", denied.username());
        personal.put("the denied user's id", denied.id());
        personal.put("the denied sign-in's IP", RiskEnvironmentFiles.DENYLISTED_IP);

        String viewRealm = adminWith("leak-view-realm", "view-realm");
        String manageRealm = adminWith("leak-manage-realm", "manage-realm");
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> caller : Map.of("view-realm", viewRealm, "manage-realm", manageRealm).entrySet()) {
            String who = caller.getKey();
            String token = caller.getValue();
            read(who, "GET /components", Json.get(data.adminUrl("/components"), token), personal, leaks);
            read(who, "GET /components?type=UiPageProvider", Json.get(data.adminUrl("/components?type=" + UI_PAGE), token), personal, leaks);
            read(who, "GET /components?type=UiTabProvider", Json.get(data.adminUrl("/components?type=" + UI_TAB), token), personal, leaks);
            read(who, "GET the realm (attributes)", Json.get(data.adminUrl(""), token), personal, leaks);
            for (String path : List.of("/webhooks", "/siem-sinks", "/delivery-settings", "/api-keys", "/keys", "/keys/rotations", "/risk-settings")) {
                read(who, "GET authio" + path, Json.get(data.adminUrl("/authio" + path), token), personal, leaks);
            }
            for (String path : List.of("/compliance/dsr", "/risk-decisions", "/audit-events")) {
                Json.Reply r = Json.get(data.adminUrl("/authio" + path), token);
                assertEquals(403, r.status(), who + " reading authio" + path + ": " + r.body());
            }
        }
        Json.Reply export = Json.send("POST", data.adminUrl("/partial-export?exportClients=true&exportGroupsAndRoles=true"), viewRealm, null);
        assertEquals(403, export.status(), "Keycloak's partial export needs manage-realm");
        export = Json.send("POST", data.adminUrl("/partial-export?exportClients=false&exportGroupsAndRoles=false"), manageRealm, null);
        read("manage-realm", "POST /partial-export", export, personal, leaks);
        export = Json.send("POST", data.adminUrl("/partial-export?exportClients=true&exportGroupsAndRoles=true"), data.token(), null);
        read("realm-admin", "POST /partial-export (the realm export)", export, personal, leaks);

        assertTrue(leaks.isEmpty(), "personal data readable below the roles that guard it:\n  " + String.join("\n  ", leaks));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static void read(String who, String what, Json.Reply reply, Map<String, String> personal, List<String> leaks) {
        assertEquals(200, reply.status(), who + " " + what + ": " + reply.body());
        personal.forEach((name, value) -> {
            if (reply.body().contains(value)) {
                leaks.add(who + " reads " + name + " in " + what);
            }
        });
    }

    /** A new administrator of the test realm holding only the given realm-management roles. */
    private static String adminWith(String prefix, String... roles) {
        Users.Created user = Users.create(realm.admin(), prefix);
        Users.grantRealmManagement(realm.admin(), user.id(), roles);
        return Users.adminCliToken(realm.getBaseUrl(), user.username());
    }
}
