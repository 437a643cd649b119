package io.authio.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Every factory the jar registers loads, is a Keycloak provider factory, and the jar registers exactly the ids listed
 * here: adding, renaming or losing a factory fails this test until {@link #EXPECTED} is updated with it.
 */
class ProviderRegistrationTest {

    /**
     * REST mounts take their path from the factory id; the API lives at .../authio/..., so these two SPIs
     * use the id "authio" itself.
     */
    private static final Set<String> PATH_MOUNT_SPIS = Set.of(
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
            "org.keycloak.services.resource.RealmResourceProviderFactory");

    /** Per services file: the ids its entries register (an {@link Spi}'s name, a factory's id). */
    private static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            // Authio's own SPIs: their providers are namespaced by the SPI (--spi-authio-kek--keystore--...)
            Map.entry("io.authio.keycloak.delivery.DeliveryServiceFactory", Set.of("authio-delivery")),
            Map.entry("io.authio.keycloak.dsr.DsrServiceFactory", Set.of("default")),
            Map.entry("io.authio.keycloak.dsr.UserDataContributorFactory", Set.of("keycloak-user", "authio-audit", "keycloak-events", "authio-risk")),
            Map.entry("io.authio.keycloak.keys.KekProviderFactory", Set.of("keystore", "pkcs11", "aws-kms")),
            Map.entry("io.authio.keycloak.keys.SealedRecordsProviderFactory", Set.of("authio-signing-keys", "authio-delivery-secrets", "authio-dsr-secrets")),
            Map.entry("io.authio.keycloak.ratelimit.ApiLimitsProviderFactory", Set.of("default")),
            Map.entry("io.authio.keycloak.retention.RetentionServiceFactory", Set.of("default")),
            Map.entry("io.authio.keycloak.setup.RealmSetupFactory", Set.of("default")),
            // Keycloak's SPIs: every id is Authio's
            Map.entry("org.keycloak.authentication.AuthenticatorFactory", Set.of("authio-risk", "authio-condition-risk",
                    "authio-risk-deny", "authio-risk-step-up-passed", "authio-magic-link", "authio-passkey-offer",
                    "authio-sign-in-methods", "authio-risk-direct-grant", "authio-risk-cookie")),
            Map.entry("org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory", Set.of("authio-audit-jpa",
                    "authio-ratelimit-jpa", "authio-delivery-jpa", "authio-keys-jpa", "authio-risk-jpa", "authio-dsr-jpa",
                    "authio-api-key-jpa", "authio-settings-jpa", "authio-console-jpa")),
            Map.entry("org.keycloak.events.EventListenerProviderFactory", Set.of("authio-audit", "authio-risk")),
            Map.entry("org.keycloak.keys.KeyProviderFactory", Set.of("authio-sealed-rsa", "authio-sealed-ec")),
            Map.entry("org.keycloak.protocol.ProtocolMapper", Set.of("authio-risk-mapper", "authio-amr-mapper")),
            Map.entry("org.keycloak.provider.Spi", Set.of("authio-delivery", "authio-kek", "authio-sealed-records", "authio-dsr",
                    "authio-user-data", "authio-rate-limit", "authio-setup", "authio-retention")),
            Map.entry("org.keycloak.services.resource.RealmResourceProviderFactory", Set.of("authio", "authio-magic-link")),
            Map.entry("org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory", Set.of("authio")));

    @Test
    void theJarRegistersExactlyTheExpectedProviderIdsEachOnceAndNamedForAuthio() throws Exception {
        Path services = Path.of("target/classes/META-INF/services");
        assertTrue(Files.isDirectory(services), "build the module first: " + services.toAbsolutePath());
        Map<String, Set<String>> registered = new TreeMap<>();
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.toList()) {
                String spi = file.getFileName().toString();
                List<String> ids = idsOf(spi, entries(file));
                Set<String> unique = new TreeSet<>(ids);
                assertEquals(ids.size(), unique.size(), "an id is registered twice in " + spi + ": " + ids);
                for (String id : ids) {
                    assertTrue(id.matches("[a-z0-9]+(-[a-z0-9]+)*"), "ids are kebab-case: " + id + " in " + spi);
                    // providers of Authio's own SPIs are namespaced by the SPI; everything else carries the prefix
                    boolean named = spi.startsWith("io.authio.") || id.startsWith("authio-")
                            || (PATH_MOUNT_SPIS.contains(spi) && id.equals("authio"));
                    assertTrue(named, spi + " registers '" + id + "', expected authio-...");
                }
                registered.put(spi, unique);
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        EXPECTED.forEach((spi, ids) -> expected.put(spi, new TreeSet<>(ids)));
        assertEquals(expected.toString(), registered.toString(),
                "the registered provider ids changed: update EXPECTED with the factory you added or removed");
    }

    /** Loads every entry of one services file and returns the ids it registers, in file order. */
    private static List<String> idsOf(String spi, List<String> classNames) throws Exception {
        Class<?> spiType = Class.forName(spi);
        List<String> ids = new ArrayList<>();
        for (String className : classNames) {
            Class<?> type = Class.forName(className);
            assertTrue(spiType.isAssignableFrom(type), className + " does not implement " + spi);
            assertFalse(type.getName().startsWith("org.keycloak"), "no classes in org.keycloak packages");
            Object instance = type.getDeclaredConstructor().newInstance();
            if (instance instanceof Spi ownSpi) {
                assertTrue(ownSpi.getName().startsWith("authio-"), className + " names its SPI " + ownSpi.getName());
                assertTrue(ownSpi.getProviderFactoryClass().getName().startsWith("io.authio."), "Authio SPIs live in io.authio");
                ids.add(ownSpi.getName());
            } else if (instance instanceof ProviderFactory<?> factory) {
                ids.add(factory.getId());
            } else {
                fail(className + " is not a ProviderFactory");
            }
        }
        return ids;
    }

    private static List<String> entries(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
