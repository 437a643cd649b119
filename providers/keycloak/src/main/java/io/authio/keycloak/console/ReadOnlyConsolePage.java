package io.authio.keycloak.console;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * An admin-console page whose rows are read-only mirrors of Authio records. Creating a row in the console is
 * refused with a pointer to the API; saving a row unchanged is harmless (the console's form also sends its
 * route parameters, which are dropped), any change is refused; deleting is refused unless a page defines what
 * it means ({@link #consoleDelete}).
 */
public abstract class ReadOnlyConsolePage implements UiPageProviderFactory<ComponentModel> {

    /** Why a row cannot be created here, and where to do it instead. */
    protected abstract String createRefusal(RealmModel realm);

    /** Why a row cannot be changed here. */
    protected abstract String editRefusal(RealmModel realm);

    /** Columns of the list (the first links to the row). */
    protected abstract List<String> displayFields();

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", displayFields());
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        if (ConsoleComponents.ownWrite(session)) {
            return;
        }
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        if (stored == null || !getId().equals(stored.getProviderId())) {
            throw new ComponentValidationException(createRefusal(realm));
        }
        for (ProviderConfigProperty p : getConfigProperties()) {
            List<String> now = values(model.getConfig(), p.getName());
            List<String> before = values(stored.getConfig(), p.getName());
            if (!now.equals(before)) {
                throw new ComponentValidationException(editRefusal(realm));
            }
        }
        model.setName(stored.getName());
        model.setConfig(new MultivaluedHashMap<>(stored.getConfig()));
    }

    /** Deleting a row in the console: refused unless a page overrides this. */
    protected void consoleDelete(KeycloakSession session, RealmModel realm, ComponentModel model) {
        throw ErrorResponse.error(editRefusal(realm), Response.Status.BAD_REQUEST);
    }

    @Override
    public final void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (!ConsoleComponents.ownWrite(session)) {
            consoleDelete(session, realm, model);
        }
    }

    protected static ProviderConfigProperty readOnly(String name, String label, String type, String help) {
        ProviderConfigProperty p = new ProviderConfigProperty(name, label, help, type, null);
        p.setReadOnly(true);
        return p;
    }

    private static List<String> values(Map<String, List<String>> config, String name) {
        return ConsoleComponents.normalized(config == null ? null : config.get(name));
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
