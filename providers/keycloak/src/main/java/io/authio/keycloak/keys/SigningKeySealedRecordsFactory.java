package io.authio.keycloak.keys;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/** The sealed private keys of {@code authio-sealed-rsa}/{@code authio-sealed-ec} components, for re-seal and destroy checks. */
public class SigningKeySealedRecordsFactory implements SealedRecordsProviderFactory {

    public static final String ID = "authio-signing-keys";

    @Override
    public SealedRecordsProvider create(KeycloakSession session) {
        return new SealedRecordsProvider() {
            @Override
            public int reseal(RealmModel realm, Secrets secrets) {
                return new SigningKeys(session, realm).reseal(secrets);
            }

            @Override
            public Map<Integer, Long> versionsInUse(RealmModel realm) {
                return new SigningKeys(session, realm).versionsInUse();
            }
        };
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

    @Override
    public String getId() {
        return ID;
    }
}
