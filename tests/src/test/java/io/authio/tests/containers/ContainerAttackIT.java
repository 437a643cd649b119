package io.authio.tests.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.authio.tests.support.Json;

/**
 * Attacks on the shipped image (docs/threat-model.md, "Container image"): a stolen or pulled image must not hand
 * out keys or secrets, the process must not run as root, old TLS must be refused, and the build context must not
 * carry the developer's local material into any stage.
 */
class ContainerAttackIT {

    /** Environment names the image and a documented run may carry (docker/README.md, "Environment"). */
    static final Set<String> DOCUMENTED_ENV = Set.of(
            // the base image's own
            "PATH", "LANG", "KC_RUN_IN_CONTAINER", "container", "HOME", "HOSTNAME", "TERM",
            // documented run-time settings: connection, public hostname, first admin
            "KC_DB_URL", "KC_DB_USERNAME", "KC_DB_PASSWORD", "KC_HOSTNAME",
            "KC_BOOTSTRAP_ADMIN_USERNAME", "KC_BOOTSTRAP_ADMIN_PASSWORD",
            // the operator's outbound ceiling (the tier's receiver on the host)
            "KC_SPI_AUTHIO_DELIVERY__AUTHIO_DELIVERY__ALLOWED_NETWORKS");

    static final Set<String> SECRET_ENV = Set.of("KC_DB_PASSWORD", "KC_BOOTSTRAP_ADMIN_PASSWORD");

    @Test
    void theImageAndTheRunningContainerCarryOnlyDocumentedEnvironmentAndTheImageNoSecret() {
        String image = Tier.setting(getClass(), "image");
        List<String> imageEnv = envNames(Tier.podman("image", "inspect", "--format", "{{json .Config.Env}}", image));
        for (String name : imageEnv) {
            assertTrue(DOCUMENTED_ENV.contains(name), "undocumented variable in the image: " + name);
            assertFalse(SECRET_ENV.contains(name), "a secret baked into the image: " + name);
        }
        assertFalse(imageEnv.stream().anyMatch(n -> n.matches("(?i).*(PASSWORD|SECRET|TOKEN|KEK|KEY).*")), imageEnv.toString());

        List<String> runEnv = envNames(Tier.podman("inspect", "--format", "{{json .Config.Env}}", Tier.setting(getClass(), "name")));
        for (String name : runEnv) {
            assertTrue(DOCUMENTED_ENV.contains(name), "undocumented variable in the running container: " + name);
        }
        // the KEK keystore password is a vault file, never a variable
        assertFalse(String.join(",", runEnv).contains("KEK"), runEnv.toString());
    }

    @Test
    void keycloakRunsAsUid1000NotRoot() {
        String container = Tier.setting(getClass(), "name");
        assertEquals("1000", Tier.podman("image", "inspect", "--format", "{{.Config.User}}", Tier.setting(getClass(), "image")));
        assertEquals("1000", Tier.podman("exec", container, "id", "-u"));
        // the server process itself (PID 1 is kc.sh's exec of java)
        String status = Tier.podman("exec", container, "cat", "/proc/1/status");
        assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+1000\\s+1000\\s+1000\\s+1000")), status);
    }

    @Test
    void theImageShipsNoKeyNoVaultNoDevKekAndNoBuildContextLeftovers() throws Exception {
        Path local = Path.of(Tier.setting(getClass(), "local-dir"));
        // the material docker/init.sh made next to the Dockerfile: none of it may be inside any image file
        Set<String> forbidden = new TreeSet<>();
        for (Path p : List.of(local.resolve("kek/authio-kek.p12"), local.resolve("tls/tls.key"),
                local.resolve("vault/master_authio-kek-password"))) {
            forbidden.add(sha256(Files.readAllBytes(p)));
        }
        // and the dev launcher's data (its dev KEK keystore), which the tier plants in the clone's .authio-dev/
        try (Stream<Path> dev = Files.walk(local.resolve("../../.authio-dev"))) {
            for (Path p : dev.filter(Files::isRegularFile).toList()) {
                forbidden.add(sha256(Files.readAllBytes(p)));
            }
        }
        assertTrue(forbidden.size() >= 4, "the tier plants dev data in .authio-dev");
        Path root = Path.of(Tier.podman("image", "mount", Tier.setting(getClass(), "image")));
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String rel = root.relativize(f).toString();
                try {
                    if (Files.size(f) < 64 * 1024 && forbidden.contains(sha256(Files.readAllBytes(f)))) {
                        findings.add("local key material: " + rel);
                    }
                    if (rel.startsWith("opt/keycloak/") && rel.matches(".*\\.(p12|pfx|jks|key|pem)$")) {
                        findings.add("keystore or key file under /opt/keycloak: " + rel);
                    }
                    if (rel.startsWith("opt/keycloak/") && Files.size(f) < 1024 * 1024) {
                        String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                        if (text.contains("PRIVATE KEY-----")) {
                            findings.add("private key under /opt/keycloak: " + rel);
                        }
                        if (text.contains("authio-dev-kek")) {
                            findings.add("the dev launcher's KEK password under /opt/keycloak: " + rel);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(rel, e);
                }
            });
        } finally {
            Tier.podman("image", "unmount", Tier.setting(getClass(), "image"));
        }
        for (String dir : List.of("opt/keycloak/kek", "opt/keycloak/vault", "opt/keycloak/conf/tls", "opt/keycloak/.authio-dev",
                "opt/keycloak/data/h2")) {
            if (Files.exists(root.resolve(dir)) && !isEmptyDir(root.resolve(dir))) {
                findings.add("non-empty " + dir);
            }
        }
        assertEquals(List.of(), findings);
    }

    @Test
    void theBuildContextLeavesOutGitBuildOutputAndTheLocalKeyMaterial() {
        // The first stage copies the whole context; the clone the tier built from had docker/local (after
        // docker/init.sh), .git and target/ directories. Only the stage's own build output may be there.
        String top = Tier.podman("run", "--rm", "--entrypoint", "/bin/ls", "localhost/authio-keycloak:tier-jars", "-a", "/src", "/src/docker");
        assertTrue(top.lines().anyMatch("Dockerfile"::equals), top);
        for (String leaked : List.of(".git", "local", ".authio-dev")) {
            assertFalse(top.lines().anyMatch(leaked::equals), leaked + " reached the build context:\n" + top);
        }
        String targets = Tier.podman("run", "--rm", "--entrypoint", "/usr/bin/find", "localhost/authio-keycloak:tier-jars",
                "/src", "-name", "target", "-type", "d");
        Set<String> ownOutput = Set.of("/src/providers/core/target", "/src/providers/keycloak/target", "/src/themes/target");
        assertEquals(List.of(), targets.lines().filter(t -> !ownOutput.contains(t)).toList(), "host build output in the context");
    }

    @Test
    void tls10And11AreRefusedAndTls12And13AreAccepted() {
        URI https = URI.create(Tier.setting(getClass(), "url"));
        String target = https.getHost() + ":" + https.getPort();
        for (String old : List.of("-tls1", "-tls1_1")) {
            // SECLEVEL=0 lets the client offer TLS 1.0/1.1 at all, so a refusal is the server's
            Tier.Result r = Tier.run(List.of("openssl", "s_client", "-connect", target, old, "-cipher", "DEFAULT:@SECLEVEL=0"), "Q\n");
            assertTrue(r.exit() != 0, old + " was accepted:\n" + r.output());
            assertTrue(r.output().contains("alert protocol version") || r.output().contains("unsupported protocol")
                    || r.output().contains("wrong version number"), old + ": refused, but not by the server?\n" + r.output());
            assertFalse(r.output().contains("no protocols available"), "the client could not offer " + old + ":\n" + r.output());
        }
        for (String[] ok : List.of(new String[] {"-tls1_2", "TLSv1.2"}, new String[] {"-tls1_3", "TLSv1.3"})) {
            Tier.Result r = Tier.run(List.of("openssl", "s_client", "-connect", target, ok[0], "-servername", https.getHost()), "Q\n");
            assertEquals(0, r.exit(), ok[0] + " refused:\n" + r.output());
            assertTrue(r.output().contains("Protocol  : " + ok[1]) || r.output().contains("New, " + ok[1]), r.output());
        }
    }

    @Test
    void composePublishesOnlyTheHttpsPortOnLoopbackNotTheManagementPort() {
        String project = Tier.setting(getClass(), "compose-project");
        String containers = Tier.podman("ps", "--all", "--filter", "label=io.podman.compose.project=" + project, "--format", "{{.Names}}");
        String keycloak = containers.lines().filter(n -> n.contains("keycloak")).findFirst()
                .orElseThrow(() -> new AssertionError("no keycloak container in compose project " + project + ": " + containers));
        JsonNode ports = Json.MAPPER.valueToTree(readJson(Tier.podman("inspect", "--format", "{{json .HostConfig.PortBindings}}", keycloak)));
        List<String> published = new ArrayList<>();
        ports.fields().forEachRemaining(e -> e.getValue().forEach(b -> published.add(e.getKey() + "->" + b.get("HostIp").asText())));
        assertEquals(List.of("8443/tcp->127.0.0.1"), published);
    }

    private static Object readJson(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static List<String> envNames(String json) {
        try {
            List<String> names = new ArrayList<>();
            for (JsonNode entry : Json.MAPPER.readTree(json)) {
                names.add(entry.asText().split("=", 2)[0]);
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
