package io.authio.core.keys;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Operator commands for KEKs, runnable from the provider jar without Keycloak:
 *
 * <pre>
 * java -cp authio-keycloak.jar io.authio.core.keys.KekTool keystore-create &lt;file&gt; [alias]
 * java -cp authio-keycloak.jar io.authio.core.keys.KekTool keystore-add-key &lt;file&gt; &lt;alias&gt;
 * java -cp authio-keycloak.jar io.authio.core.keys.KekTool keystore-list &lt;file&gt;
 * java -cp authio-keycloak.jar io.authio.core.keys.KekTool pkcs11-create-key &lt;library&gt; &lt;slot | #index&gt; &lt;alias&gt;
 * </pre>
 *
 * The keystore password comes from AUTHIO_KEK_PASSWORD, the token PIN from AUTHIO_KEK_PIN; without them the
 * console prompts. Secrets are never taken from the command line, where {@code ps} would show them.
 */
public final class KekTool {

    private KekTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System::getenv));
    }

    static int run(String[] args, PrintStream out, PrintStream err, UnaryOperator<String> env) {
        if (args.length == 0) {
            return usage(err);
        }
        try {
            switch (args[0]) {
                case "keystore-create" -> {
                    if (args.length < 2 || args.length > 3) {
                        return usage(err);
                    }
                    String alias = args.length == 3 ? args[2] : DevKeystore.ALIAS;
                    boolean created = KeystoreKeks.createIfMissing(Path.of(args[1]), secret(env, "AUTHIO_KEK_PASSWORD", "keystore password"), alias);
                    out.println(created ? "created " + args[1] + " with AES-256 key " + alias : args[1] + " exists; left unchanged");
                    return created ? 0 : 3;
                }
                case "keystore-add-key" -> {
                    if (args.length != 3) {
                        return usage(err);
                    }
                    KeystoreKeks.addKey(Path.of(args[1]), secret(env, "AUTHIO_KEK_PASSWORD", "keystore password"), args[2]);
                    out.println("added AES-256 key " + args[2] + " to " + args[1]);
                    return 0;
                }
                case "keystore-list" -> {
                    if (args.length != 2) {
                        return usage(err);
                    }
                    KeystoreKeks.aliases(Path.of(args[1]), secret(env, "AUTHIO_KEK_PASSWORD", "keystore password")).forEach(out::println);
                    return 0;
                }
                case "pkcs11-create-key" -> {
                    if (args.length != 4) {
                        return usage(err);
                    }
                    Pkcs11Config config = args[2].startsWith("#")
                            ? Pkcs11Config.ofLibrary(args[1], null, Integer.valueOf(args[2].substring(1)))
                            : Pkcs11Config.ofLibrary(args[1], Long.valueOf(args[2]), null);
                    boolean created = Pkcs11Keks.createKeyIfMissing(config, secret(env, "AUTHIO_KEK_PIN", "token PIN"), args[3]);
                    out.println(created ? "created AES-256 token key " + args[3] : "the token already has a key " + args[3] + "; left unchanged");
                    return created ? 0 : 3;
                }
                default -> {
                    return usage(err);
                }
            }
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static char[] secret(UnaryOperator<String> environment, String env, String prompt) {
        String value = environment.apply(env);
        if (value != null && !value.isEmpty()) {
            return value.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("set " + env + " (no console to prompt for the " + prompt + ")");
        }
        char[] typed = console.readPassword("%s: ", prompt);
        if (typed == null || typed.length == 0) {
            throw new IllegalArgumentException("an empty " + prompt + " is not accepted");
        }
        return Arrays.copyOf(typed, typed.length);
    }

    private static int usage(PrintStream err) {
        err.println("""
                usage: java -cp authio-keycloak.jar io.authio.core.keys.KekTool <command>
                  keystore-create <file> [alias]          new PKCS#12 keystore with one AES-256 KEK (alias default: authio-kek)
                  keystore-add-key <file> <alias>         add an AES-256 KEK (first step of a KEK rotation)
                  keystore-list <file>                    list the keystore's aliases
                  pkcs11-create-key <library> <slot|#index> <alias>
                                                          create an AES-256 KEK on an HSM token
                secrets: AUTHIO_KEK_PASSWORD (keystore), AUTHIO_KEK_PIN (token); prompted when unset""");
        return 2;
    }
}
