package io.authio.keycloak.dsr;

import java.util.Map;
import java.util.Set;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import io.authio.core.dsr.ExportBundle;

/**
 * A capability's part in data-subject requests ({@code authio-user-data} SPI): what it holds about a
 * user, for the export bundle, and how it forgets them, for deletions. Each capability that stores
 * per-user rows (audit, risk decisions, step-up challenges, known devices, ...) registers one factory.
 *
 * <p>Both methods run in a transaction of their own, never on a login's path. {@link #erase} works in
 * batches: each call handles at most {@code limit} rows and is called again until it reports nothing
 * left, so no transaction holds many locks and a retried request continues where it stopped.
 */
public interface UserDataContributor extends Provider {

    /** The bundle sections this contributor writes rows to (names from {@link ExportBundle#SECTIONS}). */
    Set<String> sections();

    /** Writes the subject's rows of one of {@link #sections()}; stream them, do not collect them. */
    void export(RealmModel realm, DataSubject subject, String section, ExportBundle.Rows out);

    /**
     * Deletes or anonymizes at most {@code limit} of the subject's rows in the current transaction.
     *
     * @return rows changed per table in this call (e.g. {@code AUTHIO_RISK_DECISION -> 1000}); an empty map
     *         or only zeros when nothing is left
     */
    Map<String, Long> erase(RealmModel realm, DataSubject subject, int limit);

    @Override
    default void close() {
    }
}
