package io.authio.tests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import org.openqa.selenium.By;

import io.authio.tests.risk.RiskEnvironmentFiles;
import io.authio.tests.support.Browser;
import io.authio.tests.support.Chromium;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Realms;
import io.authio.tests.support.Users;

/**
 * Attacks on Authio's operator surfaces (docs/threat-model.md, "Authio console and admin surfaces"). First: an
 * administrator with a role too low for personal data ({@code view-realm}, or {@code manage-realm} without
 * {@code view-users} / {@code view-events}) reads every place Keycloak lets that role read (realm components of
 * every type, the realm with its attributes, a partial export) and Authio's API; none of it may name a data
 * subject, an address, an IP or a request note. Then the console itself (Debian's Chromium where installed): its
 * security headers, where tokens may end up, exact redirect URIs with PKCE, callers one role lower or from another
 * realm, and scripts stored in records it shows.
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

    @Test
    void theConsolePagesCarryAStrictPolicyAndNoTokenReachesAUrlOrStorage() {
        for (String url : List.of(consoleUrl(), consoleUrl() + "assets/console.js", realm.getBaseUrl() + "/authio/account/",
                consoleUrl() + "assets/nope.js", consoleUrl() + "assets/..%2F..%2Fconsole.js")) {
            Json.Reply r = Json.get(url, null, "*/*");
            String csp = r.header("Content-Security-Policy");
            assertTrue(csp != null && csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'")
                    && csp.contains("default-src 'none'") && !csp.contains("unsafe"), url + ": " + csp);
            assertEquals("DENY", r.header("X-Frame-Options"), url);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), url);
            assertEquals("no-referrer", r.header("Referrer-Policy"), url);
        }
        Json.Reply page = Json.get(consoleUrl(), null, "text/html");
        assertEquals("no-store", page.header("Cache-Control"));
        assertEquals(404, Json.get(consoleUrl() + "assets/..%2F..%2Fconsole.js", null, "*/*").status(), "no path out of the assets");
        java.util.regex.Matcher scripts = java.util.regex.Pattern.compile("<script([^>]*)>").matcher(page.body());
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src=") || scripts.group(1).contains("type=\"application/json\""),
                    "no inline script, only modules from the server and the JSON configuration: " + scripts.group());
        }

        Chromium.assumeInstalled(getClass());
        Users.Created operator = Users.create(realm.admin(), "attack-operator");
        Users.grantRealmManagement(realm.admin(), operator.id(), "realm-admin");
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), "#/" + realm.name() + "/audit");
            b.awaitText("user.login.succeeded");
            assertEquals(0L, b.js("return localStorage.length"), "nothing in localStorage");
            String session = String.valueOf(b.js("return JSON.stringify(Object.assign({}, sessionStorage))"));
            assertFalse(session.contains("eyJ"), "no token in sessionStorage: " + session);
            assertFalse(session.contains("authio.pkce"), "the PKCE verifier is removed once used: " + session);
            String address = b.driver.getCurrentUrl();
            assertFalse(address.contains("code=") || address.contains("eyJ") || address.contains("state="), address);
            String requested = String.valueOf(b.js("return performance.getEntriesByType('resource').map(e => e.name).join('\\n')"));
            assertTrue(requested.contains("/authio/audit-events"), "the page called the API: " + requested);
            assertFalse(requested.contains("eyJ") || requested.contains("access_token"), "no token in any requested URL:\n" + requested);
            assertFalse(String.valueOf(b.js("return document.cookie")).contains("eyJ"), "no token in a cookie the page can read");
        }
    }

    @Test
    void onlyTheConsolesExactAddressIsARedirectTargetAndOnlyWithPkce() {
        String auth = realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=authio-console&response_type=code&scope=openid"
                + "&code_challenge=" + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" + "&code_challenge_method=S256&redirect_uri=";
        assertEquals(200, new Browser().open(auth + enc(consoleUrl())).statusCode(), "the console's own address");
        for (String bad : List.of(consoleUrl() + "evil", consoleUrl() + "?next=https://evil.example", "https://evil.example" + URI.create(consoleUrl()).getPath(),
                consoleUrl().substring(0, consoleUrl().length() - 1), realm.getBaseUrl() + "/authio/account/", consoleUrl() + "assets/console.js")) {
            HttpResponse<String> r = new Browser().open(auth + enc(bad));
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().contains("Invalid parameter: redirect_uri"), bad);
        }
        Json.Reply noPkce = Json.get(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=authio-console"
                + "&response_type=code&scope=openid&redirect_uri=" + enc(consoleUrl()), null, "text/html");
        String location = String.valueOf(noPkce.header("Location"));
        assertTrue(noPkce.status() == 302 && location.contains("error=invalid_request") && location.contains("code_challenge"),
                "without PKCE the request is refused: " + noPkce.status() + " " + location);
        Json.Reply password = Json.post(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "authio-console", "username", "x", "password", "y"), null);
        assertEquals(400, password.status(), "no password grant for the console's client: " + password.body());
        assertEquals("unauthorized_client", password.json().path("error").asText());
    }

    @Test
    void aCallerOneRoleLowerSeesNoPageOrButtonBeyondTheRoleAndTheApiStillRefuses() {
        String subject = "lower-subject-" + System.nanoTime() + "@example.test";
        data.dsr("export", subject);
        Users.Created denied = Users.create(realm.admin(), "lower-denied");
        data.deniedSignIn(denied.username());
        Users.Created viewer = Users.create(realm.admin(), "attack-view-realm");
        Users.grantRealmManagement(realm.admin(), viewer.id(), "view-realm");
        Users.Created manager = Users.create(realm.admin(), "attack-manage-realm");
        Users.grantRealmManagement(realm.admin(), manager.id(), "view-realm", "manage-realm");

        Chromium.assumeInstalled(getClass());
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(viewer.username(), "#/" + realm.name() + "/overview");
            b.awaitText("Delivery health");
            for (String shown : List.of("overview", "webhooks", "siem-sinks", "delivery-settings", "api-keys", "keys", "risk-settings")) {
                assertTrue(b.present(By.cssSelector("[data-testid='nav-" + shown + "']")), shown + " is in the menu");
            }
            for (String hidden : List.of("audit", "risk-decisions", "timeline", "dsrs")) {
                assertFalse(b.present(By.cssSelector("[data-testid='nav-" + hidden + "']")), hidden + " is not in the menu of a view-realm caller");
            }
            assertFalse(b.text().contains("Sign-ins by decision") || b.text().contains("Data-subject requests"), "no overview section beyond the role");
            b.shot("console-view-realm-only");
            b.open("#/" + realm.name() + "/webhooks");
            b.awaitText("Webhooks");
            assertFalse(b.present(By.cssSelector("[data-testid='create']")), "no create button without manage-realm");
            b.driver.get(consoleUrl() + "#/" + realm.name() + "/dsrs");
            b.awaitText("This page is not available to you");
            String requested = String.valueOf(b.js("return performance.getEntriesByType('resource').map(e => e.name).join('\\n')"));
            assertFalse(requested.contains("compliance/dsr"), "a hidden page does not call its API");
            String all = b.text();
            for (String secret : List.of(subject, denied.username(), RiskEnvironmentFiles.DENYLISTED_IP)) {
                assertFalse(all.contains(secret), "no personal data on the pages: " + secret);
            }
        }
        String viewerToken = Users.adminCliToken(realm.getBaseUrl(), viewer.username());
        assertEquals(403, Json.get(data.adminUrl("/authio/compliance/dsr"), viewerToken).status());
        assertEquals(403, Json.get(data.adminUrl("/authio/risk-decisions"), viewerToken).status());
        assertEquals(403, Json.send("POST", data.adminUrl("/authio/webhooks"), viewerToken,
                "{\"url\":\"https://example.com/h\",\"event_types\":[\"*\"]}").status());
        JsonNode overview = Json.get(data.adminUrl("/authio/overview"), viewerToken).json();
        assertTrue(overview.get("sign_ins").isNull() && overview.get("top_signals").isNull() && overview.get("dsr").isNull(), overview.toString());
        assertFalse(overview.get("delivery").isNull());

        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(manager.username(), "#/" + realm.name() + "/api-keys");
            b.awaitText("API keys");
            assertFalse(b.present(By.cssSelector("[data-testid='create']")), "issuing keys also needs manage-clients");
        }
        String managerToken = Users.adminCliToken(realm.getBaseUrl(), manager.username());
        assertEquals(403, Json.send("POST", data.adminUrl("/authio/api-keys"), managerToken,
                "{\"name\":\"x\",\"scopes\":[\"dsr\"],\"client_id\":\"authio-demo-service\"}").status());

        Users.Created nobody = Users.create(realm.admin(), "attack-no-role");
        assertEquals(403, Json.get(data.adminUrl("/authio/me"), Users.adminCliToken(realm.getBaseUrl(), nobody.username())).status(),
                "a user without any admin role gets nothing");
    }

    @Test
    void anotherRealmsAdministratorIsRefusedByTheApiAndTheConsole() {
        Realms.TestRealm other = Realms.importDemoAs(admin, urls, "authio-console-attack-other");
        Users.Created foreign = Users.create(other.admin(), "foreign-admin");
        Users.grantRealmManagement(other.admin(), foreign.id(), "realm-admin");
        String token = Users.adminCliToken(other.getBaseUrl(), foreign.username());
        for (String path : List.of("/me", "/overview", "/audit-events", "/webhooks", "/compliance/dsr")) {
            int status = Json.get(data.adminUrl("/authio" + path), token).status();
            assertTrue(status == 401 || status == 403, path + " answered " + status + " to another realm's administrator");
        }
        Chromium.assumeInstalled(getClass());
        try (ConsoleBrowser b = new ConsoleBrowser(other.getBaseUrl() + "/authio/console/")) {
            b.signIn(foreign.username(), "#/" + realm.name() + "/overview");
            b.awaitText("No access");
            assertFalse(b.present(By.cssSelector("[data-testid='nav-overview']")), "no menu for a realm the caller does not administer");
        }
        admin.realm(other.name()).remove();
    }

    @Test
    void scriptsStoredInAWebhookDescriptionADsrNoteOrAUserAgentAreShownAsText() {
        assertEquals(200, data.api("PUT", "/delivery-settings", Map.of("allowed_networks", List.of("127.0.0.1/32"))).status());
        String hookXss = "<img src=x onerror=\"window.__xss='hook'\">";
        String noteXss = "<script>window.__xss='note'</script><svg onload=\"window.__xss='svg'\">";
        String agentXss = "Mozilla/5.0 <script>window.__xss='agent'</script>";
        Json.Reply hook = data.api("POST", "/webhooks", Map.of("url", "http://127.0.0.1:9/xss", "event_types", List.of("*"), "description", hookXss));
        assertEquals(201, hook.status(), hook.body());
        Json.Reply dsr = data.api("POST", "/compliance/dsr", Map.of("request_type", "export", "user_email", "xss-" + System.nanoTime() + "@example.test", "notes", noteXss));
        assertEquals(201, dsr.status(), dsr.body());
        Users.Created user = Users.create(realm.admin(), "xss-agent");
        Browser hostile = new Browser().header("User-Agent", agentXss).header("X-Forwarded-For", RiskEnvironmentFiles.DENYLISTED_IP);
        Oidc oidc = new Oidc(realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        oidc.passwordLogin(oidc.begin(hostile), user.username(), Users.PASSWORD);

        Chromium.assumeInstalled(getClass());
        Users.Created operator = Users.create(realm.admin(), "xss-operator");
        Users.grantRealmManagement(realm.admin(), operator.id(), "realm-admin");
        try (ConsoleBrowser b = new ConsoleBrowser(consoleUrl())) {
            b.signIn(operator.username(), "#/" + realm.name() + "/webhooks");
            b.awaitText(hookXss);
            inert(b, "the webhook list");
            b.open("#/" + realm.name() + "/webhooks?id=" + hook.json().get("id").asText());
            b.awaitText(hookXss);
            inert(b, "the webhook page");
            b.open("#/" + realm.name() + "/dsrs");
            b.find(By.cssSelector("[data-testid='dsr-details']")).click();
            b.awaitText("<script>window.__xss='note'</script>");
            inert(b, "a DSR's details");
            b.closeDialog();
            b.open("#/" + realm.name() + "/risk-decisions?user_id=" + user.id());
            b.testid("explain").click();
            b.awaitText(agentXss);
            inert(b, "a risk decision's explanation");
            b.shot("console-xss-inert");
            b.closeDialog();
            b.open("#/" + realm.name() + "/audit?user_id=" + user.id());
            b.testid("event-details").click();
            b.awaitText(agentXss);
            inert(b, "an audit event's details");
        }
    }

    private static void inert(ConsoleBrowser b, String where) {
        assertEquals(null, b.js("return window.__xss === undefined ? null : String(window.__xss)"), "a stored script ran in " + where);
        assertEquals(0L, b.js("return document.querySelectorAll('img[src=\"x\"], svg, [onerror], [onload], "
                + "script:not([src]):not([type=\"application/json\"])').length"), "stored markup became elements in " + where);
    }

    private String consoleUrl() {
        return realm.getBaseUrl() + "/authio/console/";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
