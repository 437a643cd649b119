package io.authio.tests.support;

import java.io.IOException;
import java.io.InputStream;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.server.KeycloakUrls;
import org.keycloak.util.JsonSerialization;

/** Realms for tests that need one of their own, built from the shipped demo realm configuration. */
public final class Realms {

    private Realms() {
    }

    /** A realm created by a test: its name, id, public URL and admin resource. */
    public record TestRealm(String name, String id, String baseUrl, RealmResource resource) {
        public String getBaseUrl() {
            return baseUrl;
        }

        public String getId() {
            return id;
        }

        public RealmResource admin() {
            return resource;
        }
    }

    /** Imports realm-config/authio-demo-realm.json under another name (replacing any realm of that name). */
    public static TestRealm importDemoAs(Keycloak admin, KeycloakUrls urls, String name) {
        return importDemoAs(admin, urls.getBase(), name);
    }

    /** Same, against a server the test runs itself. */
    public static TestRealm importDemoAs(Keycloak admin, String serverUrl, String name) {
        try (InputStream in = Realms.class.getResourceAsStream("/realm-config/authio-demo-realm.json")) {
            RealmRepresentation rep = JsonSerialization.readValue(in, RealmRepresentation.class);
            rep.setRealm(name);
            rep.setId(name);
            if (admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(name))) {
                admin.realm(name).remove();
            }
            admin.realms().create(rep);
            admin.tokenManager().invalidate(admin.tokenManager().getAccessTokenString());
            return new TestRealm(name, admin.realm(name).toRepresentation().getId(), serverUrl + "/realms/" + name,
                    admin.realm(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
