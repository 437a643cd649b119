package io.authio.tests.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.Json;
import io.authio.tests.support.Oidc;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * A deletion request must erase its subject and nobody else. Attacks: erasing users whose names are words
 * every login event carries ({@code code}, {@code true}, {@code password}, {@code openid-connect}), and a
 * deletion for an address without an account that is a substring of someone else's ({@code ohn@example.com}
 * next to {@code john@example.com}) — an insider with {@code manage-users} or a {@code dsr} key destroying
 * other people's evidence. Twenty other users' audit, risk and Keycloak event rows must be byte-identical
 * after each erasure.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class ErasureAttackIT {

    private static final List<String> WORD_NAMES = List.of("code", "true", "password", "openid-connect");

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void erasingOneUserLeavesTwentyOtherUsersHistoryByteIdentical() throws InterruptedException {
        DsrFixture f = new DsrFixture(admin, urls, "authio-erasure-attack");
        var rep = f.realm.admin().toRepresentation();
        rep.setAdminEventsDetailsEnabled(true);
        f.realm.admin().update(rep);
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        Oidc oidc = new Oidc(f.realm.getBaseUrl(), Oidc.DEMO_APP, Oidc.DEMO_REDIRECT);
        // every sign-in comes from one address: the risk engine still scores and records each, but denies none
        // (twenty users failing once from one address is credential stuffing to it)
        var lenient = f.call("PUT", "/risk-settings", f.adminToken, Map.of("thresholds", Map.of("step_up", 100, "deny", 101)));
        assertEquals(200, lenient.status(), lenient.body());

        // twenty bystanders with history: a browser sign-in, a failed one, a password grant, an admin change
        List<Users.Created> others = new ArrayList<>();
        others.add(user(f, "john", "john@example.com"));
        for (int i = 1; i < 20; i++) {
            others.add(Users.create(f.realm.admin(), "bystander" + i));
        }
        Users.Created bob = others.get(1);
        Users.grantRealmManagement(f.realm.admin(), bob.id(), "manage-users", "view-users");
        String bobToken = null;
        for (Users.Created u : others) {
            String typed = u == others.get(0) ? u.email() : u.username(); // john signs in with his address
            assertTrue(oidc.login(typed, Users.PASSWORD).succeeded(), "sign-in of " + typed);
            String token = Users.adminCliToken(f.realm.getBaseUrl(), u.username());
            bobToken = u == bob ? token : bobToken;
            oidc.login(typed, "wrong-password"); // last: Keycloak's quick-login check may lock the account for a minute
            var resource = f.realm.admin().users().get(u.id());
            UserRepresentation r = resource.toRepresentation();
            r.setAttributes(Map.of("team", List.of("blue")));
            resource.update(r);
        }
        // the word-named subjects, each with history of their own, some of it written by bob
        Map<String, Users.Created> subjects = new LinkedHashMap<>();
        for (String name : WORD_NAMES) {
            Users.Created s = user(f, name, name + "@example.org");
            subjects.put(name, s);
            assertTrue(oidc.login(name, Users.PASSWORD).succeeded(), "sign-in of " + name);
            Users.adminCliToken(f.realm.getBaseUrl(), name);
            oidc.login(name, "wrong-password");
            UserRepresentation r = f.realm.admin().users().get(s.id()).toRepresentation();
            r.setAttributes(Map.of("team", List.of("red")));
            Json.Reply changed = Json.send("PUT", f.realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/users/" + s.id(), bobToken,
                    io.authio.core.json.Json.write(r));
            assertEquals(204, changed.status(), changed.body());
        }
        // someone typed the address without an account (a failed sign-in): the only trace of that address
        oidc.login("ohn@example.com", "guess");

        long typedBefore = 0;
        for (long until = System.currentTimeMillis() + 15_000; typedBefore == 0 && System.currentTimeMillis() < until; Thread.sleep(200)) {
            typedBefore = TestDb.count("select count(*) from EVENT_ENTITY where REALM_ID = ? and coalesce(DETAILS_JSON_LONG_VALUE, DETAILS_JSON) like '%\"ohn@example.com\"%'",
                    f.realm.getId()); // Keycloak stores error events after the answer; details in the long column since 26.x
        }
        assertEquals(1, typedBefore, "the failed sign-in typed with the address");
        List<String> ids = others.stream().map(Users.Created::id).toList();
        Map<String, List<String>> before = history(ids);
        assertTrue(before.get("EVENT_ENTITY").size() >= 60, "bystanders' login events: " + before.get("EVENT_ENTITY").size());
        assertTrue(before.get("AUTHIO_AUDIT_EVENT").size() >= 60, "bystanders' audit rows: " + before.get("AUTHIO_AUDIT_EVENT").size());
        assertTrue(before.get("AUTHIO_RISK_DECISION").size() >= 20, "bystanders' risk decisions: " + before.get("AUTHIO_RISK_DECISION").size());
        assertTrue(before.get("ADMIN_EVENT_ENTITY").size() >= 20, "admin events about bystanders: " + before.get("ADMIN_EVENT_ENTITY").size());

        List<String> failures = new ArrayList<>();
        long bobActed = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where ACTOR_ID = ?", bob.id());
        for (Users.Created s : subjects.values()) {
            long about = TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where USER_ID = ? or ACTOR_ID = ?", s.id(), s.id());
            long bobWrote = TestDb.count("select count(*) from ADMIN_EVENT_ENTITY where AUTH_USER_ID = ? and RESOURCE_PATH like ?",
                    bob.id(), "users/" + s.id() + "%");
            JsonNode done = erase(f, manager, s.email());
            compare("erasing '" + s.username() + "'", before, history(ids), failures);
            long counted = done.get("evidence").get("tables").path("AUTHIO_AUDIT_EVENT").asLong();
            if (counted != about) {
                failures.add("erasing '" + s.username() + "' anonymized " + counted + " audit rows; " + about + " were about or by the subject");
            }
            if (TestDb.count("select count(*) from ADMIN_EVENT_ENTITY where AUTH_USER_ID = ? and RESOURCE_PATH like 'users/[deleted]%'", bob.id()) < bobWrote) {
                failures.add("erasing '" + s.username() + "' removed bob (the acting administrator) from admin events about the subject");
            }
            if (TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where ACTOR_ID = ?", bob.id()) != bobActed) {
                failures.add("erasing '" + s.username() + "' removed bob as the actor of audit events");
            }
            assertEquals(0, TestDb.count("select count(*) from EVENT_ENTITY where USER_ID = ?", s.id()), "the subject's own events lose the id");
            assertEquals(0, TestDb.count("select count(*) from USER_ENTITY where ID = ?", s.id()));
        }

        // a deletion for an address nobody has: john (john@example.com) keeps his history
        if (TestDb.count("select count(*) from EVENT_ENTITY where REALM_ID = ? and coalesce(DETAILS_JSON_LONG_VALUE, DETAILS_JSON) like '%\"ohn@example.com\"%'",
                f.realm.getId()) != typedBefore) {
            failures.add("erasing the word-named users rewrote the failed sign-in typed with ohn@example.com");
        }
        JsonNode nobody = erase(f, manager, "ohn@example.com");
        compare("a deletion for ohn@example.com", before, history(ids), failures);
        assertEquals(false, nobody.get("evidence").get("account_found").asBoolean());

        assertEquals(List.of(), failures, "other users' history changed");

        // what the no-account deletion did (docs/dsr.md): the typed address is gone, the attempt stays as history
        assertEquals(0, TestDb.count("select count(*) from EVENT_ENTITY where REALM_ID = ? and lower(coalesce(DETAILS_JSON_LONG_VALUE, DETAILS_JSON)) like '%\"ohn@example.com\"%'",
                f.realm.getId()));
        assertEquals(0, TestDb.count("select count(*) from AUTHIO_AUDIT_EVENT where REALM_ID = ? and METADATA like '%\"ohn@example.com\"%'",
                f.realm.getId()));
        assertEquals(1, TestDb.count("select count(*) from EVENT_ENTITY where REALM_ID = ? and TYPE = 'LOGIN_ERROR' and ERROR = 'user_not_found' "
                + "and coalesce(DETAILS_JSON_LONG_VALUE, DETAILS_JSON) like '%\"username\":\"[deleted]\"%'", f.realm.getId()));
        assertEquals("erased", nobody.get("evidence").get("outcome").asText(), nobody.toString());
    }

    @Test
    void theErasedAddressIsKeptOnlyAsAKeyedDigestThatADictionaryDoesNotReverse() throws Exception {
        DsrFixture f = new DsrFixture(admin, urls, "authio-erasure-digest");
        String manager = f.tokenWith("dsr-manager", "manage-users", "view-users");
        Users.Created carol = Users.create(f.realm.admin(), "carol");
        JsonNode done = erase(f, manager, carol.email());
        String dsrId = done.get("dsr_id").asText();

        // the attacker holds a database dump (or the API's evidence) and a list of candidate addresses
        List<String> dictionary = List.of("alice@example.test", carol.email(), "dave@example.test");
        List<String> stored = new ArrayList<>();
        done.get("evidence").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                stored.add(e.getValue().asText());
            }
        });
        stored.add(String.valueOf(TestDb.query("select EMAIL_HASH from AUTHIO_DSR where ID = ?", dsrId).get(0).get("email_hash")));
        for (String candidate : dictionary) {
            String plain = sha256(candidate);
            for (String value : stored) {
                assertNotEquals(plain, value, "the stored digest is a plain SHA-256 of " + candidate);
            }
        }
        String digest = done.get("evidence").path("subject_email_hmac").asText();
        assertEquals(64, digest.length(), done.get("evidence").toString());
        // keyed per realm: the same address erased in another realm gives another digest
        DsrFixture other = new DsrFixture(admin, urls, "authio-erasure-digest-2");
        String otherManager = other.tokenWith("dsr-manager", "manage-users", "view-users");
        Users.Created twin = user(other, "carol-twin", carol.email());
        assertNotEquals(digest, erase(other, otherManager, twin.email()).get("evidence").path("subject_email_hmac").asText());
        // and no key material is stored in the clear: the realm's digest key is a sealed value
        for (var row : TestDb.query("select SEALED_KEY from AUTHIO_DSR_SUBJECT_KEY where REALM_ID = ?", f.realm.getId())) {
            assertTrue(String.valueOf(row.get("sealed_key")).startsWith("v1."), row.toString());
        }
    }

    private static JsonNode erase(DsrFixture f, String manager, String email) {
        String id = f.createDsr(manager, "deletion", email).get("dsr_id").asText();
        var done = f.raw("POST", "/compliance/dsr/" + id + "/fulfill", manager, "{}");
        assertEquals(200, done.status(), done.body());
        assertEquals("completed", done.json().get("status").asText(), done.body());
        return done.json();
    }

    /** Every row about the given users, each as one string of all its columns: what "byte-identical" compares. */
    private static Map<String, List<String>> history(List<String> userIds) {
        String in = String.join(",", userIds.stream().map(id -> "'" + id + "'").toList());
        StringBuilder paths = new StringBuilder();
        for (String id : userIds) {
            paths.append(paths.isEmpty() ? "" : " or ").append("RESOURCE_PATH = 'users/").append(id).append("' or RESOURCE_PATH like 'users/")
                    .append(id).append("/%'");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("EVENT_ENTITY", rows("select * from EVENT_ENTITY where USER_ID in (" + in + ") order by ID"));
        out.put("AUTHIO_AUDIT_EVENT", rows("select * from AUTHIO_AUDIT_EVENT where USER_ID in (" + in + ") order by ID"));
        out.put("AUTHIO_RISK_DECISION", rows("select * from AUTHIO_RISK_DECISION where USER_ID in (" + in + ") order by ID"));
        out.put("ADMIN_EVENT_ENTITY", rows("select * from ADMIN_EVENT_ENTITY where " + paths + " order by ID"));
        return out;
    }

    private static List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : TestDb.query(sql)) {
            StringBuilder b = new StringBuilder();
            row.forEach((k, v) -> b.append(k).append('=').append(v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : v).append('|'));
            out.add(b.toString());
        }
        return out;
    }

    private static void compare(String step, Map<String, List<String>> before, Map<String, List<String>> after, List<String> failures) {
        before.forEach((table, rows) -> {
            List<String> now = after.get(table);
            if (!rows.equals(now)) {
                List<String> changed = new ArrayList<>(rows);
                changed.removeAll(now);
                failures.add(step + ": " + changed.size() + " of " + rows.size() + " " + table + " rows of other users changed"
                        + (changed.isEmpty() ? " (rows disappeared)" : ", e.g. " + abbreviate(changed.get(0)) + " -> "
                        + abbreviate(now.stream().filter(r -> r.startsWith(changed.get(0).substring(0, Math.min(40, changed.get(0).length()))))
                                .findFirst().orElse("(gone)"))));
            }
        });
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    /** A user with this exact username and address and {@link Users#PASSWORD}. */
    private static Users.Created user(DsrFixture f, String username, String email) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(username);
        u.setEmail(email);
        u.setEmailVerified(true);
        u.setFirstName("Test");
        u.setLastName(username);
        u.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Users.PASSWORD);
        password.setTemporary(false);
        u.setCredentials(List.of(password));
        try (Response r = f.realm.admin().users().create(u)) {
            assertEquals(201, r.getStatus(), "creating " + username);
            String location = r.getLocation().getPath();
            return new Users.Created(location.substring(location.lastIndexOf('/') + 1), username, email);
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
