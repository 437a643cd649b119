package io.authio.testcontainers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dasniko.testcontainers.keycloak.ExtendableKeycloakContainer;
import io.authio.core.keys.DevKeystore;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.MountableFile;

/**
 * Keycloak 26.7 with Authio for an application team's JUnit test: the provider jar and the {@code authio} theme
 * (both resolved as this module's dependencies, so their version follows this module's), the admin-console
 * feature Authio's pages need, a throwaway key-encryption key made for this container, and the realms you import.
 *
 * <pre>{@code
 * @Container
 * static AuthioKeycloakContainer keycloak = new AuthioKeycloakContainer()
 *         .withRealmFile(Path.of("src/test/resources/my-realm.json"));
 * ...
 * String issuer = keycloak.getIssuerUrl("my-realm");
 * }</pre>
 *
 * Runs {@code start-dev} like {@code testcontainers-keycloak} does by default: for tests, never for production
 * (the production image is {@code docker/Dockerfile}). The image must be present or pullable; by default it is
 * pulled only when missing.
 */
public class AuthioKeycloakContainer extends ExtendableKeycloakContainer<AuthioKeycloakContainer> {

    /** The Keycloak image Authio is built and tested for. */
    public static final String DEFAULT_IMAGE = "quay.io/keycloak/keycloak:26.7.3";

    private static final String IMPORT_DIR = "/opt/keycloak/data/import/";
    private static final String KEK_PATH = "/opt/keycloak/data/authio-kek.p12";

    private final List<File> authioJars;

    public AuthioKeycloakContainer() {
        this(DEFAULT_IMAGE);
    }

    public AuthioKeycloakContainer(String image) {
        super(image);
        this.authioJars = List.of(jarOf("io/authio/keycloak/keys/KekSpi.class", "authio-keycloak"),
                jarOf("theme/authio/login/theme.properties", "authio-theme"));
        withImagePullPolicy(PullPolicy.defaultPolicy());
        withProviderLibsFrom(new ArrayList<>(authioJars));
        withFeaturesEnabled("declarative-ui");
    }

    /** Imports a realm from a JSON file on the host (for a classpath resource use {@link #withRealmImportFile}). */
    public AuthioKeycloakContainer withRealmFile(Path realmJson) {
        if (!Files.isRegularFile(realmJson)) {
            throw new IllegalArgumentException("no realm file " + realmJson.toAbsolutePath());
        }
        return withCopyFileToContainer(MountableFile.forHostPath(realmJson, 0644), IMPORT_DIR + realmJson.getFileName());
    }

    /**
     * The server operator's ceiling on what realms may allowlist for webhooks and sinks
     * ({@code --spi-authio-delivery--authio-delivery--allowed-networks}; none by default): a test that delivers to a
     * receiver on the host lists the host's address as the container sees it, e.g. {@code host-gateway}'s address.
     */
    public AuthioKeycloakContainer withOperatorAllowedNetworks(String... cidrs) {
        return withEnv("KC_SPI_AUTHIO_DELIVERY__AUTHIO_DELIVERY__ALLOWED_NETWORKS", String.join(",", cidrs));
    }

    /** The provider and theme jars this container loads (for tests that want to check what they run). */
    public List<File> getAuthioJars() {
        return authioJars;
    }

    /** The OIDC issuer of a realm, as reached from the test (the host side of the mapped port). */
    public String getIssuerUrl(String realm) {
        return getAuthServerUrl() + "/realms/" + realm;
    }

    /** Authio's admin API of a realm: {@code /admin/realms/{realm}/authio}. */
    public String getAuthioAdminUrl(String realm) {
        return getAuthServerUrl() + "/admin/realms/" + realm + "/authio";
    }

    @Override
    protected void configure() {
        super.configure();
        // A KEK for this container only: a fresh PKCS#12 keystore with a random password (never a shared dev key).
        String password = randomPassword();
        Path keystore = throwawayKeystore(password);
        withCopyFileToContainer(MountableFile.forHostPath(keystore, 0644), KEK_PATH);
        withEnv("KC_SPI_AUTHIO_KEK__KEYSTORE__PATH", KEK_PATH);
        withEnv("KC_SPI_AUTHIO_KEK__KEYSTORE__PASSWORD", password);
    }

    private static Path throwawayKeystore(String password) {
        try {
            Path dir = Files.createTempDirectory("authio-kek");
            dir.toFile().deleteOnExit();
            Path keystore = dir.resolve("authio-kek.p12");
            DevKeystore.createIfMissing(keystore, password.toCharArray());
            keystore.toFile().deleteOnExit();
            return keystore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The jar file a resource comes from (a class only that jar has; authio-keycloak shades authio-core, which
     * may also be on a test classpath): Keycloak loads jars, not class directories.
     */
    private static File jarOf(String resource, String artifact) {
        URL url = AuthioKeycloakContainer.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(artifact + " is not on the test classpath (it comes with io.authio:authio-testcontainers)");
        }
        String location = url.toString();
        if (!location.startsWith("jar:file:")) {
            throw new IllegalStateException(artifact + " is on the classpath as " + location
                    + ", not as a jar: build it (mvn package) so Keycloak can load it");
        }
        try {
            String jar = location.substring("jar:".length(), location.indexOf("!/"));
            return new File(new URI(jar));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(location, e);
        }
    }
}
