package io.authio.tests.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Keycloak Operator examples in docs/kubernetes/ against the image they run (docker/Dockerfile with
 * docker/keycloak.conf): the operator passes the CR's settings as Keycloak options, and {@code startOptimized}
 * pods exit at start when a build-time option differs from the image's, so the manifests must agree with
 * keycloak.conf. Not a CRD schema validation (the operator's CRDs are not on Maven Central; see
 * docs/kubernetes/README.md).
 */
class KubernetesManifestIT {

    static final Path ROOT = Path.of(System.getProperty("authio.project.root", ".."));
    static final String KEYCLOAK_API = "k8s.keycloak.org/v2beta1";

    @Test
    void everyKeycloakRunsTwoOrMoreOptimizedReplicasOfAPinnedImageWithDatabaseCredentialsFromSecrets() throws IOException {
        List<Map<String, Object>> keycloaks = resources("Keycloak");
        assertFalse(keycloaks.isEmpty(), "no Keycloak resource in docs/kubernetes");
        for (Map<String, Object> cr : keycloaks) {
            Map<String, Object> spec = map(cr, "spec");
            String name = name(cr);
            assertTrue(((Number) spec.get("instances")).intValue() >= 2, name + ": fewer than two replicas");
            assertEquals(Boolean.TRUE, spec.get("startOptimized"), name + ": the image is built; start it optimized");
            String image = (String) spec.get("image");
            assertNotNull(image, name + ": spec.image (the Authio image, not stock Keycloak)");
            assertTrue(image.matches(".+:[^:/]+") && !image.endsWith(":latest"), name + ": pin the image tag: " + image);
            Map<String, Object> db = map(spec, "db");
            assertEquals(imageBuildOptions().get("db"), db.get("vendor"), name + ": spec.db.vendor differs from the image's build-time db");
            for (String credential : List.of("usernameSecret", "passwordSecret")) {
                Map<String, Object> ref = map(db, credential);
                assertNotNull(ref.get("name"), name + ": db." + credential + " must name a Secret");
            }
            assertFalse(db.containsKey("password") || db.containsKey("username"), name + ": database credentials inline");
            assertNotNull(map(spec, "http").get("tlsSecret"), name + ": TLS from a Secret");
        }
    }

    @Test
    void additionalOptionsNeverContradictTheImagesBuildTimeOptionsNorCarrySecretsInline() throws IOException {
        Map<String, String> build = imageBuildOptions();
        assertEquals(Map.of("db", "postgres", "health-enabled", "true", "metrics-enabled", "true",
                "features", "declarative-ui", "vault", "file"), build, "docker/keycloak.conf's build-time block");
        for (Map<String, Object> cr : resources("Keycloak")) {
            for (Map<String, Object> option : options(cr)) {
                String name = (String) option.get("name");
                if (build.containsKey(name)) {
                    assertEquals(build.get(name), String.valueOf(option.get("value")),
                            name(cr) + ": build-time option " + name + " differs from the image (pods would exit with code 2)");
                }
                if (name.matches("(?i).*(password|secret|pin)$")) {
                    assertTrue(option.containsKey("secret") && !option.containsKey("value"),
                            name(cr) + ": " + name + " must come from a Secret (secret: {name, key}), not a value");
                }
            }
        }
    }

    @Test
    void theKekKeystoreAndTheVaultAreMountedReadOnlyFromSecretsWhereTheOptionsPoint() throws IOException {
        for (Map<String, Object> cr : resources("Keycloak")) {
            Map<String, String> options = new LinkedHashMap<>();
            options(cr).forEach(o -> options.put((String) o.get("name"), String.valueOf(o.get("value"))));
            Map<String, Object> pod = map(map(map(map(cr, "spec"), "unsupported"), "podTemplate"), "spec");
            Map<String, String> secretVolumes = new LinkedHashMap<>();
            for (Map<String, Object> volume : list(pod, "volumes")) {
                Object secret = volume.get("secret");
                if (secret instanceof Map<?, ?> s) {
                    secretVolumes.put((String) volume.get("name"), (String) s.get("secretName"));
                }
            }
            Map<String, String> mounts = new LinkedHashMap<>();
            for (Map<String, Object> container : list(pod, "containers")) {
                for (Map<String, Object> mount : list(container, "volumeMounts")) {
                    String volume = (String) mount.get("name");
                    assertTrue(secretVolumes.containsKey(volume), name(cr) + ": volume " + volume + " is not a Secret");
                    assertEquals(Boolean.TRUE, mount.get("readOnly"), name(cr) + ": mount " + volume + " must be read-only");
                    mounts.put((String) mount.get("mountPath"), volume);
                }
            }
            if (options.containsKey("spi-authio-kek--aws-kms--key-id")) {
                // a KMS KEK: credentials come from the pod's service account (IRSA), never from an option or Secret
                assertNotNull(pod.get("serviceAccountName"), name(cr) + ": aws-kms needs a service account bound to the KEK role");
                options.keySet().forEach(o -> assertFalse(o.startsWith("spi-authio-kek--keystore--") || o.matches("(?i).*aws.*(secret|access).*"),
                        name(cr) + ": option " + o + " next to an aws-kms KEK"));
                continue;
            }
            String keystore = options.get("spi-authio-kek--keystore--path");
            assertNotNull(keystore, name(cr) + ": the KEK keystore path");
            assertTrue(mounts.containsKey(keystore.substring(0, keystore.lastIndexOf('/'))),
                    name(cr) + ": " + keystore + " is not on a Secret mount " + mounts.keySet());
            assertNotNull(options.get("spi-authio-kek--keystore--password-vault-key"), name(cr) + ": KEK password from the vault");
            String vaultDir = options.getOrDefault("vault-dir", imageRunOptions().get("vault-dir"));
            assertTrue(mounts.containsKey(vaultDir), name(cr) + ": vault-dir " + vaultDir + " is not a Secret mount");
        }
    }

    @Test
    void realmImportsNameAKeycloakOfTheExamplesAndKeepAuthiosAuditListener() throws IOException {
        List<String> keycloaks = resources("Keycloak").stream().map(KubernetesManifestIT::name).toList();
        List<Map<String, Object>> imports = resources("KeycloakRealmImport");
        for (Map<String, Object> cr : imports) {
            Map<String, Object> spec = map(cr, "spec");
            assertTrue(keycloaks.contains(spec.get("keycloakCRName")), name(cr) + ": unknown Keycloak " + spec.get("keycloakCRName"));
            assertTrue(((List<?>) map(spec, "realm").get("eventsListeners")).contains("authio-audit"), name(cr));
        }
    }

    @Test
    void everyDocumentInTheFolderIsAKubernetesResource() throws IOException {
        List<Map<String, Object>> all = documents();
        assertFalse(all.isEmpty());
        for (Map<String, Object> doc : all) {
            assertNotNull(doc.get("apiVersion"), doc.toString());
            assertNotNull(doc.get("kind"), doc.toString());
            assertNotNull(name(doc), doc.toString());
        }
    }

    // --- the manifests and the image's keycloak.conf ---

    static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("docs/kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                        if (doc != null) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> m = (Map<String, Object>) doc;
                            docs.add(m);
                        }
                    }
                }
            }
        }
        return docs;
    }

    static List<Map<String, Object>> resources(String kind) throws IOException {
        return documents().stream()
                .filter(d -> KEYCLOAK_API.equals(d.get("apiVersion")) && kind.equals(d.get("kind")))
                .toList();
    }

    /** The options between the build-time markers of docker/keycloak.conf. */
    static Map<String, String> imageBuildOptions() throws IOException {
        return confOptions(true);
    }

    static Map<String, String> imageRunOptions() throws IOException {
        return confOptions(false);
    }

    private static Map<String, String> confOptions(boolean buildTime) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        boolean inBuild = false;
        for (String line : Files.readAllLines(ROOT.resolve("docker/keycloak.conf"))) {
            if (line.startsWith("# --- Build-time options")) {
                inBuild = true;
            } else if (line.startsWith("# --- end of build-time options")) {
                inBuild = false;
            } else if (!line.isBlank() && !line.startsWith("#") && inBuild == buildTime) {
                String[] kv = line.split("=", 2);
                options.put(kv[0].strip(), kv[1].strip());
            }
        }
        return options;
    }

    private static List<Map<String, Object>> options(Map<String, Object> cr) {
        return list(map(cr, "spec"), "additionalOptions");
    }

    private static String name(Map<String, Object> doc) {
        Object metadata = doc.get("metadata");
        return metadata instanceof Map<?, ?> m ? (String) m.get("name") : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is missing or not an object");
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
