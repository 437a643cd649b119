package io.authio.keycloak.risk;

import org.keycloak.models.RealmModel;

import io.authio.core.risk.RiskSettings;

/** A realm's risk settings, kept as a realm attribute (cached and replicated by Keycloak like the realm). */
public final class RiskSettingsStore {

    static final String ATTRIBUTE = "authio.risk.settings";

    private RiskSettingsStore() {
    }

    public static RiskSettings load(RealmModel realm) {
        return RiskSettings.parseStored(realm.getAttribute(ATTRIBUTE));
    }

    public static void save(RealmModel realm, RiskSettings settings) {
        realm.setAttribute(ATTRIBUTE, settings.toJson());
    }
}
