package io.authio.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private certificate authority and a server certificate it signed for 127.0.0.1, made with the JDK's own
 * keytool (always present where the tests run): for receivers that only a pinned CA trusts.
 */
public final class TestCa {

    private static final String PASSWORD = "test-ca-password";

    private final String caPem;
    private final SSLContext serverTls;

    private TestCa(String caPem, SSLContext serverTls) {
        this.caPem = caPem;
        this.serverTls = serverTls;
    }

    /** A fresh CA and server certificate (in a temporary directory). */
    public static TestCa create() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("authio-test-ca");
        keytool(dir, "-genkeypair", "-keystore", "ca.p12", "-storetype", "PKCS12", "-alias", "ca", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=Authio Test CA", "-ext", "bc:c");
        keytool(dir, "-exportcert", "-keystore", "ca.p12", "-alias", "ca", "-rfc", "-file", "ca.pem");
        keytool(dir, "-genkeypair", "-keystore", "server.p12", "-storetype", "PKCS12", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1");
        keytool(dir, "-certreq", "-keystore", "server.p12", "-alias", "server", "-file", "server.csr");
        keytool(dir, "-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "server.csr", "-outfile", "server.pem", "-rfc",
                "-validity", "2", "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth");
        keytool(dir, "-importcert", "-keystore", "server.p12", "-alias", "ca", "-file", "ca.pem", "-noprompt");
        keytool(dir, "-importcert", "-keystore", "server.p12", "-alias", "server", "-file", "server.pem", "-noprompt");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return new TestCa(Files.readString(dir.resolve("ca.pem")), tls);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The CA certificate, PEM: what a sink pins as {@code tls_ca_pem}. */
    public String caPem() {
        return caPem;
    }

    /** TLS for a server presenting the CA-signed certificate for 127.0.0.1. */
    public SSLContext serverTls() {
        return serverTls;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
