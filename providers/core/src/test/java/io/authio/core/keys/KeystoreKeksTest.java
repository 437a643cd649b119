package io.authio.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKCS#12 KEK provider's key handling, the dev keystore and the operator tool. */
class KeystoreKeksTest {

    private static final char[] PASSWORD = "correct-kek-password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void theDevKeystoreIsCreatedOnceAndNeverReplaced() throws Exception {
        Path file = dir.resolve("nested/dev/authio-kek.p12");
        assertTrue(DevKeystore.createIfMissing(file, PASSWORD));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        byte[] first = Files.readAllBytes(file);
        Kek kek = KeystoreKeks.load(file, PASSWORD, DevKeystore.ALIAS, List.of()).current();
        assertEquals("keystore:authio-kek", kek.id());
        String wrapped = DataKeyWrap.wrap(kek, "r", DataKey.generate(1));

        assertFalse(DevKeystore.createIfMissing(file, PASSWORD));

        assertArrayEquals(first, Files.readAllBytes(file));
        Kek again = KeystoreKeks.load(file, PASSWORD, DevKeystore.ALIAS, List.of()).current();
        assertEquals(1, DataKeyWrap.unwrap(again, "r", 1, wrapped).version(), "same key after a restart");
    }

    @Test
    void aWrongPasswordMissingFileOrMissingAliasIsAClearError() {
        Path file = dir.resolve("kek.p12");
        DevKeystore.createIfMissing(file, PASSWORD);
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> KeystoreKeks.load(file, "nope".toCharArray(), DevKeystore.ALIAS, List.of()));
        assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("nope"), "the password never appears in messages");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> KeystoreKeks.load(dir.resolve("absent.p12"), PASSWORD, DevKeystore.ALIAS, List.of()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        IllegalStateException alias = assertThrows(IllegalStateException.class,
                () -> KeystoreKeks.load(file, PASSWORD, "authio-kek-2", List.of()));
        assertTrue(alias.getMessage().contains("has no key authio-kek-2"), alias.getMessage());
    }

    @Test
    void aRotationAddsAKeyAndKeepsThePreviousOneReadable() {
        Path file = dir.resolve("kek.p12");
        DevKeystore.createIfMissing(file, PASSWORD);
        Kek old = KeystoreKeks.load(file, PASSWORD, DevKeystore.ALIAS, List.of()).current();
        DataKey dek = DataKey.generate(4);
        String wrappedByOld = DataKeyWrap.wrap(old, "realm-a", dek);

        KeystoreKeks.addKey(file, PASSWORD, "authio-kek-2");
        KekSet set = KeystoreKeks.load(file, PASSWORD, "authio-kek-2", List.of(DevKeystore.ALIAS));

        assertEquals("keystore:authio-kek-2", set.current().id());
        Kek previous = set.find("keystore:authio-kek").orElseThrow();
        assertEquals(dek, DataKeyWrap.unwrap(previous, "realm-a", 4, wrappedByOld));
        String rewrapped = DataKeyWrap.wrap(set.current(), "realm-a", DataKeyWrap.unwrap(previous, "realm-a", 4, wrappedByOld));
        assertEquals(dek, DataKeyWrap.unwrap(set.current(), "realm-a", 4, rewrapped));
        assertThrows(SealException.class, () -> DataKeyWrap.unwrap(set.current(), "realm-a", 4, wrappedByOld),
                "different KEKs are different keys");
        assertThrows(IllegalArgumentException.class, () -> KeystoreKeks.addKey(file, PASSWORD, "authio-kek-2"));
        assertEquals(List.of("authio-kek", "authio-kek-2"), KeystoreKeks.aliases(file, PASSWORD));
    }

    @Test
    void theOperatorToolCreatesAddsAndLists() {
        Path file = dir.resolve("ops/kek.p12");
        Map<String, String> env = Map.of("AUTHIO_KEK_PASSWORD", "from-the-environment");
        assertEquals(0, tool(env, "keystore-create", file.toString(), "kek-2026-01").code());
        assertEquals(3, tool(env, "keystore-create", file.toString()).code(), "never overwrites");
        assertEquals(0, tool(env, "keystore-add-key", file.toString(), "kek-2026-07").code());
        Run list = tool(env, "keystore-list", file.toString());
        assertEquals(0, list.code());
        assertEquals("kek-2026-01\nkek-2026-07\n", list.out());
        Run wrong = tool(Map.of("AUTHIO_KEK_PASSWORD", "wrong"), "keystore-list", file.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("wrong password"), wrong.err());
        assertEquals(2, tool(env, "keystore-create").code());
        assertEquals(2, tool(env, "unknown").code());
        Run noSecret = tool(Map.of(), "keystore-list", file.toString());
        assertEquals(1, noSecret.code(), "no console in tests: refuses rather than using an empty password");
        assertTrue(noSecret.err().contains("AUTHIO_KEK_PASSWORD"));
        KekSet set = KeystoreKeks.load(file, "from-the-environment".toCharArray(), "kek-2026-07", List.of("kek-2026-01"));
        assertEquals(2, set.ids().size());
    }

    record Run(int code, String out, String err) {
    }

    private static Run tool(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KekTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env::get);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
