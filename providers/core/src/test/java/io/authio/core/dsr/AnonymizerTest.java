package io.authio.core.dsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AnonymizerTest {

    private final Anonymizer a = new Anonymizer("0b6a4c2e-1111-4222-8333-444455556666", "alice@example.com", "alice");

    @Test
    void metadataLosesEmailAndAnythingNamingTheUser() {
        Map<String, String> out = a.metadata(Map.of("user_email", "alice@example.com", "error", "invalid_user_credentials",
                "redirect", "https://app/?login_hint=ALICE@example.com", "note", "Alice", "other", "alice2", "client", "demo-app"));
        assertEquals("[deleted]", out.get("user_email"));
        assertEquals("[deleted]", out.get("redirect"));
        assertEquals("invalid_user_credentials", out.get("error"));
        assertEquals("demo-app", out.get("client"));
        assertEquals("[deleted]", out.get("note"), "a value equal to the username");
        assertEquals("alice2", out.get("other"), "a value merely containing a short username is someone else's");
    }

    @Test
    void keycloakDetailsJsonIsScrubbedDeeply() {
        String out = a.json("{\"username\":\"Alice\",\"auth_method\":\"openid-connect\",\"nested\":{\"x\":[\"alice@example.com\",1]}}");
        assertFalse(a.mentions(out), out);
        assertTrue(out.contains("openid-connect"));
        assertTrue(out.contains("[deleted]"));
    }

    @Test
    void resourcePathsKeepTheirShape() {
        assertEquals("users/[deleted]/reset-password", a.text("users/0b6a4c2e-1111-4222-8333-444455556666/reset-password"));
        assertEquals("clients/abc", a.text("clients/abc"));
    }
}
