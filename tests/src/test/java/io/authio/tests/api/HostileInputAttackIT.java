package io.authio.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import io.authio.tests.support.AuthioServerConfig;

/**
 * The hostile inputs that reached a 5xx or were read loosely: form and multipart bodies on POSTs without a
 * declared media type, timestamps beyond what a millisecond clock holds, a Content-Type list, JSON followed by
 * more JSON or garbage, duplicate keys. Each must be a 4xx JSON error with the security headers, and write
 * nothing to any AUTHIO_ table.
 */
@KeycloakIntegrationTest(config = AuthioServerConfig.class)
class HostileInputAttackIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void multipartFormBodiesOnEveryAuthioPostAre415NotAServerError() {
        ApiTarget t = ApiTarget.of(admin, urls, "authio-hostile-multipart");
        Map<String, Long> before = t.authioRowCounts();
        List<String> failures = new ArrayList<>();
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"request_type\"\r\n\r\ndeletion\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\nContent-Type: application/json\r\n\r\n{}\r\n--XyZ--\r\n";
        for (ApiSurface.Operation op : t.surface().operations()) {
            if (!op.method().equals("POST") && !op.method().equals("PUT")) {
                continue;
            }
            HostileRequest.Reply r = t.send(op, t.pathFor(op), multipart, "multipart/form-data; boundary=XyZ");
            r.expect(415, failures);
        }
        assertEquals(List.of(), failures);
        assertEquals(before, t.authioRowCounts(), "nothing written");
    }

    @Test
    void timestampsBeyondTheMillisecondRangeAre400() {
        ApiTarget t = ApiTarget.of(admin, urls, "authio-hostile-instants");
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/audit-events", "/risk-decisions")) {
            for (String param : List.of("since", "until")) {
                for (String value : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+292278994-08-17T07:12:55.808Z")) {
                    t.sendAdmin("GET", path + "?" + param + "=" + ApiTarget.enc(value), null, null).expect(400, failures);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aContentTypeListAndNonJsonMediaTypesAreRefusedWithAuthiosErrorBody() {
        ApiTarget t = ApiTarget.of(admin, urls, "authio-hostile-media");
        Map<String, Long> before = t.authioRowCounts();
        List<String> failures = new ArrayList<>();
        String dsr = "{\"request_type\":\"deletion\",\"user_email\":\"someone@example.test\"}";
        for (String type : List.of("application/json, text/plain", "application/json;;", "no/such/type", "application/json; charset=\"")) {
            t.sendAdmin("POST", "/compliance/dsr", dsr, type).expect4xx(failures);
            t.sendAdmin("PUT", "/delivery-settings", "{\"allowed_networks\":[]}", type).expect4xx(failures);
        }
        for (String type : List.of("text/plain", "application/xml", "text/html", "application/octet-stream")) {
            t.sendAdmin("POST", "/compliance/dsr", dsr, type).expect(415, failures);
            t.sendAdmin("PUT", "/risk-settings", "{}", type).expect(415, failures);
            t.sendAdmin("POST", "/api-keys", "{}", type).expect(415, failures);
            t.sendAdmin("POST", "/keys/data-key/rotate", "{}", type).expect(415, failures);
        }
        assertEquals(List.of(), failures);
        assertEquals(before, t.authioRowCounts(), "nothing written");
    }

    @Test
    void jsonFollowedByMoreJsonOrGarbageOrWithDuplicateKeysIs400() {
        ApiTarget t = ApiTarget.of(admin, urls, "authio-hostile-trailing");
        Map<String, Long> before = t.authioRowCounts();
        List<String> failures = new ArrayList<>();
        String dsr = "{\"request_type\":\"deletion\",\"user_email\":\"someone@example.test\"}";
        List<String[]> cases = List.of(
                new String[] {"PUT", "/delivery-settings", "{\"allowed_networks\":[]} this is not json"},
                new String[] {"PUT", "/delivery-settings", "{\"allowed_networks\":[]}{\"allowed_networks\":[\"0.0.0.0/0\"]}"},
                new String[] {"PUT", "/delivery-settings", "{\"allowed_networks\":[],\"allowed_networks\":[\"0.0.0.0/0\"]}"},
                new String[] {"POST", "/compliance/dsr", dsr + "]]]"},
                new String[] {"POST", "/compliance/dsr", dsr + dsr},
                new String[] {"POST", "/compliance/dsr", "{\"request_type\":\"export\",\"request_type\":\"deletion\",\"user_email\":\"a@example.test\"}"},
                new String[] {"PUT", "/risk-settings", "{\"bias\":-4} trailing"},
                new String[] {"PUT", "/risk-settings", "{\"signals\":{\"new_device\":{\"weight\":1,\"weight\":20}}}"},
                new String[] {"PUT", "/risk-settings", "{\"bias\":-4}{\"bias\":0}"},
                new String[] {"POST", "/keys/data-key/rotate", "{\"reseal\":false}{\"reseal\":true}"},
                new String[] {"POST", "/keys/data-key/rotate", "{\"reseal\":false,\"reseal\":true}"},
                new String[] {"POST", "/api-keys", "{\"name\":\"a\",\"scopes\":[\"dsr\"],\"client_id\":\"x\"} x"},
                new String[] {"POST", "/webhooks", "{\"url\":\"https://hooks.example.test/a\",\"event_types\":[\"user.*\"]}]"});
        for (String[] c : cases) {
            HostileRequest.Reply r = t.sendAdmin(c[0], c[1], c[2], "application/json");
            r.expect(400, failures);
        }
        assertEquals(List.of(), failures);
        assertEquals(before, t.authioRowCounts(), "nothing written");
    }
}
