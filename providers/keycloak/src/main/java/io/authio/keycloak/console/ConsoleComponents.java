package io.authio.keycloak.console;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keycloak.common.Profile;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Writes the realm components that mirror Authio's records into the admin console (declarative UI). Authio's
 * tables stay the source of truth. A component write invalidates the realm in every node's cache, so callers
 * write only on administrative changes or from a throttled background task, and this class skips writes that
 * would change nothing. Writes made here are marked, so read-only pages can tell them from console edits.
 */
public final class ConsoleComponents {

    public static final String PAGE = UiPageProvider.class.getName();
    private static final String OWN_WRITE = "authio.console.own-write";

    private ConsoleComponents() {
    }

    /** Whether Keycloak renders declarative-UI pages at all (feature {@code declarative-ui}). */
    public static boolean enabled() {
        return Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    /** Creates or updates a mirror component; returns whether anything was written. */
    public static boolean put(KeycloakSession session, RealmModel realm, String id, String providerType, String providerId,
            String name, Map<String, List<String>> config) {
        if (realm == null || !enabled()) {
            return false;
        }
        ComponentModel existing = realm.getComponent(id);
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        config.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                values.put(k, List.copyOf(v));
            }
        });
        if (existing != null && Objects.equals(existing.getName(), name) && sameConfig(values, existing.getConfig())) {
            return false;
        }
        ComponentModel model = existing != null ? new ComponentModel(existing) : new ComponentModel(); // never mutate a cached model
        model.setId(id);
        model.setParentId(realm.getId());
        model.setProviderType(providerType);
        model.setProviderId(providerId);
        model.setName(name);
        model.setConfig(values);
        own(session, () -> {
            if (existing == null) {
                realm.importComponentModel(model);
            } else {
                realm.updateComponent(model);
            }
        });
        return true;
    }

    /** Removes a mirror component if it exists. */
    public static void remove(KeycloakSession session, RealmModel realm, String id) {
        ComponentModel existing = realm == null ? null : realm.getComponent(id);
        if (existing != null) {
            own(session, () -> realm.removeComponent(existing));
        }
    }

    /** The mirror components of one page, newest id first (Authio's ids are time-ordered). */
    public static List<ComponentModel> list(RealmModel realm, String providerType, String providerId) {
        return realm.getComponentsStream(realm.getId(), providerType)
                .filter(c -> providerId.equals(c.getProviderId()))
                .sorted(Comparator.comparing(ComponentModel::getId).reversed())
                .toList();
    }

    /** Config equality as Keycloak stores it: the order of a multivalued field's values is not kept. */
    public static boolean sameConfig(Map<String, List<String>> a, Map<String, List<String>> b) {
        return normalized(a).equals(normalized(b));
    }

    /** Values without blanks, sorted; fields without values left out. */
    public static List<String> normalized(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isEmpty()).sorted().toList();
    }

    private static Map<String, List<String>> normalized(Map<String, List<String>> config) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        if (config != null) {
            config.forEach((k, v) -> {
                List<String> n = normalized(v);
                if (!n.isEmpty()) {
                    out.put(k, n);
                }
            });
        }
        return out;
    }

    /** Whether the component change in progress is one of Authio's own mirror writes. */
    public static boolean ownWrite(KeycloakSession session) {
        return Boolean.TRUE.equals(session.getAttribute(OWN_WRITE));
    }

    /** The administrator behind a console request (the subject of the admin console's bearer token), if known. */
    public static String adminId(KeycloakSession session) {
        return session.getContext().getBearerToken() instanceof AccessToken token ? token.getSubject() : null;
    }

    private static void own(KeycloakSession session, Runnable write) {
        Object before = session.getAttribute(OWN_WRITE);
        session.setAttribute(OWN_WRITE, Boolean.TRUE);
        try {
            write.run();
        } finally {
            if (before == null) {
                session.removeAttribute(OWN_WRITE);
            } else {
                session.setAttribute(OWN_WRITE, before);
            }
        }
    }
}
