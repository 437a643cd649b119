package io.authio.core.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AnonymizerTest {

    private static final String ID = "0b6a4c2e-1111-4222-8333-444455556666";
    private final Anonymizer alice = new Anonymizer(ID, "alice@example.com", "alice", "acme");

    @Test
    void theSubjectsOwnRowLosesEveryPersonalFieldAndSaysSo() {
        Map<String, String> out = alice.metadata(Map.of("user_email", "alice@example.com", "username", "ALICE", "error", "invalid_user_credentials",
                "auth_type", "code", "previous_phone", "+1 555"), true);
        assertEquals("[deleted]", out.get("user_email"));
        assertEquals("[deleted]", out.get("username"));
        assertEquals("[deleted]", out.get("previous_phone"), "profile changes on the subject's row are theirs");
        assertEquals("invalid_user_credentials", out.get("error"));
        assertEquals("code", out.get("auth_type"));
        assertEquals("[deleted]", alice.metadata(Map.of("type", "risk"), true).get("user_email"), "every own row says so the same way");
    }

    @Test
    void someoneElsesRowChangesOnlyWhereAFieldIsExactlyTheSubject() {
        Map<String, String> bobs = Map.of("user_email", "bob@example.com", "username", "bob", "note", "alice", "redirect",
                "https://app/?login_hint=alice@example.com", "email", "xalice@example.com");
        assertSame(bobs, alice.metadata(bobs, false), "a value merely containing the subject, or equal in a free field, is someone else's");
        Map<String, String> typed = new LinkedHashMap<>(Map.of("username", " Alice@Example.com ", "error", "user_not_found"));
        Map<String, String> out = alice.metadata(typed, false);
        assertEquals("[deleted]", out.get("username"), "the address typed into a sign-in form");
        assertEquals("user_not_found", out.get("error"));
        assertFalse(out.containsKey("user_email"), "someone else's row gets no marker");
    }

    @Test
    void wordsEveryLoginCarriesAreNotAUsersName() {
        Anonymizer code = new Anonymizer("11111111-1111-4111-8111-111111111111", "code@example.org", "code", "acme");
        String login = "{\"auth_method\":\"openid-connect\",\"auth_type\":\"code\",\"response_type\":\"code\",\"username\":\"bob\",\"remember_me\":\"true\"}";
        assertSame(login, code.json(login, false, false));
        for (String word : List.of("true", "password", "openid-connect")) {
            Anonymizer a = new Anonymizer("22222222-2222-4222-8222-222222222222", word + "@example.org", word, "acme");
            assertSame(login, a.json(login, false, false), word);
            String grant = "{\"grant_type\":\"password\",\"auth_method\":\"openid-connect\",\"remember_me\":\"true\"}";
            assertSame(grant, a.json(grant, false, false), word);
        }
        assertTrue(code.json("{\"username\":\"code\",\"auth_type\":\"code\"}", false, false).contains("\"auth_type\":\"code\""));
        assertTrue(code.json("{\"username\":\"code\",\"auth_type\":\"code\"}", false, false).contains("\"username\":\"[deleted]\""));
    }

    @Test
    void anAddressIsNotASubstringOfAnother() {
        Anonymizer ohn = new Anonymizer(null, "ohn@example.com", null, "acme");
        String johns = "{\"username\":\"john@example.com\",\"email\":\"john@example.com\"}";
        assertSame(johns, ohn.json(johns, false, false));
        assertEquals("{\"username\":\"[deleted]\"}", ohn.json("{\"username\":\"ohn@example.com\"}", false, true));
        assertFalse(ohn.isSubjectId(null));
    }

    @Test
    void anImpersonatorIsTheSubjectOnlyInTheSubjectsRealm() {
        String inAcme = "{\"impersonator\":\"alice\",\"impersonator_realm\":\"acme\",\"username\":\"bob\"}";
        String inMaster = "{\"impersonator\":\"alice\",\"impersonator_realm\":\"master\",\"username\":\"bob\"}";
        assertTrue(alice.json(inAcme, false, true).contains("\"impersonator\":\"[deleted]\""));
        assertSame(inMaster, alice.json(inMaster, false, false), "master's alice is someone else");
    }

    @Test
    void resourcePathsLoseOnlyTheSubjectsIdSegment() {
        assertEquals("users/[deleted]/reset-password", alice.path("users/" + ID + "/reset-password"));
        assertEquals("users/" + ID + "x", alice.path("users/" + ID + "x"));
        assertEquals("clients/abc", alice.path("clients/abc"));
        assertTrue(alice.pathIsAbout("users/" + ID));
        assertFalse(alice.pathIsAbout("users/" + ID + "x/groups"));
    }

    @Test
    void everyNeedleIsRemovedFromTheDocumentItSelects() {
        for (Anonymizer.Needle n : alice.needles()) {
            String doc = "{" + n.text() + (n.and() == null ? "" : "," + n.and()) + ",\"auth_type\":\"code\"}";
            String out = alice.json(doc, false, true).toLowerCase(java.util.Locale.ROOT);
            assertFalse(out.contains(n.text()) && (n.and() == null || out.contains(n.and())), doc + " -> " + out);
            assertTrue(out.contains("\"auth_type\":\"code\""), out);
        }
    }

    @Test
    void notJsonIsKeptUnlessSelected() {
        assertEquals("not json alice", alice.json("not json alice", false, false));
        assertEquals("{\"anonymized\":true}", alice.json("not json alice", false, true));
    }
}
