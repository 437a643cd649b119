package io.authio.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.authio.core.keys.DataKey;
import io.authio.tests.support.AuthioServerConfig;
import io.authio.tests.support.DbScan;
import io.authio.tests.support.PublicClient;
import io.authio.tests.support.TestDb;
import io.authio.tests.support.Users;

/**
 * After sealed signing keys (RSA and EC) and data key rotations exist on PostgreSQL, no column of any table
 * (Authio's, Keycloak's COMPONENT/COMPONENT_CONFIG, and every other) holds a private key or a data key in
 * any common encoding. The plaintext is obtained by opening the sealed values with the test KEK.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class PlaintextScanIT {

    @InjectRealm(ref = "plaintextscan")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void noPrivateKeyOrDataKeyIsStoredInTheClearAnywhereInTheDatabase() throws Exception {
        PublicClient.addTo(realm.admin());
        KeysApi api = KeysApi.of(realm.getBaseUrl(), admin.tokenManager().getAccessTokenString());
        api.rotateSigningKey("{}");
        api.rotateSigningKey("{\"algorithm\":\"ES256\"}");
        assertEquals(200, api.post("/data-key/rotate", "{\"reseal\": true}").status());
        api.rotateSigningKey("{\"key_size\": 3072}");
        Users.Created user = Users.create(realm.admin(), "scan");
        assertTrue(PublicClient.oidc(realm.getBaseUrl()).login(user.username(), Users.PASSWORD).succeeded());

        Map<String, String> text = new LinkedHashMap<>();
        Map<String, byte[]> binary = new LinkedHashMap<>();
        Map<String, String> controls = new LinkedHashMap<>();
        var components = TestDb.query("select k.ID, k.PROVIDER_ID, c.NAME, c.VALUE from COMPONENT k join COMPONENT_CONFIG c on c.COMPONENT_ID = k.ID "
                + "where k.REALM_ID = ? and k.PROVIDER_ID like 'authio-sealed-%' and c.NAME in ('sealedPrivateKey', 'publicKey')", realm.getId());
        int keys = 0;
        for (var row : components) {
            String id = (String) row.get("id");
            String value = (String) row.get("value");
            if ("publicKey".equals(row.get("name"))) {
                controls.put("public key of " + id, value);
                continue;
            }
            controls.put("sealed value of " + id, value);
            byte[] pkcs8 = SealedValues.open(realm.getId(), "signing-key", id, value);
            boolean rsa = "authio-sealed-rsa".equals(row.get("provider_id"));
            PrivateKey key = KeyFactory.getInstance(rsa ? "RSA" : "EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            String label = (rsa ? "RSA " : "EC ") + id;
            addBytes(text, binary, label + " PKCS#8 DER", pkcs8);
            String pem = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8);
            List<String> pemLines = Arrays.asList(pem.split("\n"));
            text.put(label + " PEM line 2", pemLines.get(1));
            text.put(label + " PEM line " + (pemLines.size() / 2), pemLines.get(pemLines.size() / 2));
            if (key instanceof RSAPrivateCrtKey crt) {
                addNumber(text, binary, label + " private exponent d", crt.getPrivateExponent());
                addNumber(text, binary, label + " prime p", crt.getPrimeP());
                addNumber(text, binary, label + " prime q", crt.getPrimeQ());
                addNumber(text, binary, label + " dp", crt.getPrimeExponentP());
                addNumber(text, binary, label + " dq", crt.getPrimeExponentQ());
                addNumber(text, binary, label + " qinv", crt.getCrtCoefficient());
            } else {
                addNumber(text, binary, label + " private scalar s", ((ECPrivateKey) key).getS());
            }
            keys++;
        }
        assertEquals(5, keys, "four RSA keys (the realm's sealed-by-default RS256 and RSA-OAEP keys, two rotated RS256 keys) and one EC key");
        for (var row : TestDb.query("select VERSION from AUTHIO_DATA_KEY where REALM_ID = ?", realm.getId())) {
            int version = ((Number) row.get("version")).intValue();
            DataKey dek = SealedValues.dataKey(realm.getId(), version);
            addBytes(text, binary, "data key v" + version, dek.material());
        }
        assertTrue(text.keySet().stream().anyMatch(k -> k.startsWith("data key v2")));

        DbScan.Result result = DbScan.scan(text, binary);

        assertEquals(List.of(), result.hits(), "plaintext found in the database");
        assertTrue(result.tablesScanned().containsAll(List.of("authio_data_key", "authio_key_rotation", "authio_audit_event",
                "component", "component_config")), result.tablesScanned().toString());
        // the scanner does see what is stored: the sealed values and public keys are found where expected
        DbScan.Result positive = DbScan.scan(controls, Map.of());
        assertEquals(controls.size(), positive.hits().stream().map(DbScan.Hit::needle).distinct().count(), positive.hits().toString());
        positive.hits().forEach(hit -> assertEquals("component_config", hit.table().toLowerCase(), hit.toString()));
        System.out.printf("plaintext scan: %d needles over %d values in %d tables, no hits%n", text.size() + binary.size(),
                result.valuesScanned(), result.tablesScanned().size());
    }

    private static void addNumber(Map<String, String> text, Map<String, byte[]> binary, String label, BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        text.put(label + " decimal", n.toString());
        addBytes(text, binary, label, bytes);
    }

    private static void addBytes(Map<String, String> text, Map<String, byte[]> binary, String label, byte[] bytes) {
        text.put(label + " hex", HexFormat.of().formatHex(bytes));
        text.put(label + " base64", Base64.getEncoder().withoutPadding().encodeToString(bytes));
        text.put(label + " base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        binary.put(label + " raw", bytes);
    }
}
