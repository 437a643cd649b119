package io.authio.tests.keys;

import io.authio.core.keys.DataKey;
import io.authio.core.keys.DataKeyWrap;
import io.authio.core.keys.Envelope;
import io.authio.core.keys.SealContext;
import io.authio.core.keys.SealedValue;
import io.authio.core.keys.SealException;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.TestKeks;

/**
 * Opens what the server stored, from the database and the test KEK alone: proof that the stored form is the
 * documented hierarchy (KEK → wrapped data key → sealed value), and the way tests obtain the plaintext a scan
 * must never find.
 */
final class SealedValues {

    private SealedValues() {
    }

    static DataKey dataKey(String realmId, int version) {
        var rows = TestDb.query("select KEK_ID, WRAPPED_KEY from AUTHIO_DATA_KEY where REALM_ID = ? and VERSION = ?", realmId, version);
        if (rows.isEmpty()) {
            throw new AssertionError("realm " + realmId + " has no data key version " + version);
        }
        String kekId = (String) rows.get(0).get("kek_id");
        return DataKeyWrap.unwrap(TestKeks.keks().find(kekId).orElseThrow(), realmId, version, (String) rows.get(0).get("wrapped_key"));
    }

    static byte[] open(String realmId, String purpose, String recordId, String sealed) {
        int version = SealedValue.versionOf(sealed);
        DataKey key = dataKey(realmId, version);
        return Envelope.open(new Envelope.DataKeys() {
            @Override
            public DataKey current() {
                return key;
            }

            @Override
            public DataKey version(int v) {
                if (v != version) {
                    throw new SealException("unexpected version");
                }
                return key;
            }
        }, new SealContext(realmId, purpose, recordId), sealed);
    }
}
