package io.authio.keycloak.keys;

import java.util.Map;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * One capability's sealed values (e.g. webhook secrets). Implementations iterate their own rows of the
 * realm, in the caller's transaction.
 */
public interface SealedRecordsProvider extends Provider {

    /**
     * Re-seals every value of the realm not yet under the newest data key ({@link Secrets#reseal}) and
     * writes the changed ones back; returns how many changed.
     */
    int reseal(RealmModel realm, Secrets secrets);

    /** How many of the realm's values depend on each data key version ({@link Secrets#dataKeyVersion}). */
    Map<Integer, Long> versionsInUse(RealmModel realm);

    @Override
    default void close() {
    }
}
