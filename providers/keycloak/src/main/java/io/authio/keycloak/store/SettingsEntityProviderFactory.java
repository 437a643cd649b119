package io.authio.keycloak.store;

import java.util.List;

/** AUTHIO_REALM_SETTING (changelog table DATABASECHANGELOG_AUTHIO_SET). */
public class SettingsEntityProviderFactory extends AuthioEntityProviderFactory {

    public SettingsEntityProviderFactory() {
        super("authio-settings-jpa", List.of(RealmSettingEntity.class), "META-INF/authio/settings-changelog.xml");
    }
}
