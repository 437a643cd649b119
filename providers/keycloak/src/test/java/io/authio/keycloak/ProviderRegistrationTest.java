package io.authio.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Every factory the jar registers loads, is a Keycloak provider factory and has a unique Authio id. */
class ProviderRegistrationTest {

    /**
     * REST mounts take their path from the factory id; the API lives at .../authio/..., so these two SPIs
     * use the id "authio" itself.
     */
    private static final Set<String> PATH_MOUNT_SPIS = Set.of(
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
            "org.keycloak.services.resource.RealmResourceProviderFactory");

    @Test
    void everyRegisteredFactoryLoadsAndHasAUniqueAuthioId() throws Exception {
        Path services = Path.of("target/classes/META-INF/services");
        assertTrue(Files.isDirectory(services), "build the module first: " + services.toAbsolutePath());
        int factories = 0;
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.toList()) {
                String spi = file.getFileName().toString();
                Class<?> spiType = Class.forName(spi);
                Map<String, String> idsInSpi = new HashMap<>();
                for (String className : entries(file)) {
                    Class<?> type = Class.forName(className);
                    assertTrue(spiType.isAssignableFrom(type), className + " does not implement " + spi);
                    assertFalse(type.getName().startsWith("org.keycloak"), "no classes in org.keycloak packages");
                    Object instance = type.getDeclaredConstructor().newInstance();
                    if (instance instanceof Spi ownSpi) {
                        assertTrue(ownSpi.getName().startsWith("authio-"), className + " names its SPI " + ownSpi.getName());
                        assertTrue(ownSpi.getProviderFactoryClass().getName().startsWith("io.authio."), "Authio SPIs live in io.authio");
                        factories++;
                        continue;
                    }
                    if (!(instance instanceof ProviderFactory<?> factory)) {
                        fail(className + " is not a ProviderFactory");
                        return;
                    }
                    String id = factory.getId();
                    // providers of Authio's own SPIs are namespaced by the SPI (--spi-authio-kek--keystore--...)
                    boolean named = id.startsWith("authio-") || (PATH_MOUNT_SPIS.contains(spi) && id.equals("authio"))
                            || spi.startsWith("io.authio.");
                    assertTrue(named, className + " has id '" + id + "', expected authio-...");
                    assertTrue(id.matches("[a-z0-9-]+"), "ids are kebab-case: " + id);
                    String clash = idsInSpi.put(id, className);
                    assertEquals(null, clash, "id " + id + " registered twice in " + spi);
                    factories++;
                }
            }
        }
        assertTrue(factories >= 4, "expected the audit listener, JPA entities and both REST mounts");
    }

    private static List<String> entries(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
