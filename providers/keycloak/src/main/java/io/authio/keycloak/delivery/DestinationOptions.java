package io.authio.keycloak.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.authio.core.json.Json;
import io.authio.core.siem.Syslog;

/** Transport options of a destination, stored as JSON: a TLS trust anchor and the syslog facility. */
public record DestinationOptions(String tlsCaPem, int facility) {

    public static final DestinationOptions DEFAULT = new DestinationOptions(null, Syslog.DEFAULT_FACILITY);

    public static DestinationOptions parse(String json) {
        if (json == null || json.isBlank()) {
            return DEFAULT;
        }
        JsonNode n = Json.read(json);
        return new DestinationOptions(
                n.hasNonNull("tls_ca_pem") ? n.get("tls_ca_pem").asText() : null,
                n.hasNonNull("facility") ? n.get("facility").asInt() : Syslog.DEFAULT_FACILITY);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (tlsCaPem != null) {
            m.put("tls_ca_pem", tlsCaPem);
        }
        m.put("facility", facility);
        return Json.write(m);
    }
}
