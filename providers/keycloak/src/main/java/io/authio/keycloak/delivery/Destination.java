package io.authio.keycloak.delivery;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.authio.core.net.Cidr;
import io.authio.core.siem.SiemFormat;
import io.authio.core.webhook.EventFilter;
import io.authio.core.webhook.WebhookSecret;

/**
 * A destination as the dispatcher uses it: configuration with its secrets opened, and the realm's
 * allowlist. Lives only for one dispatch cycle.
 */
public record Destination(
        String id,
        String realmId,
        Kind kind,
        URI url,
        SiemFormat format,
        Encoding encoding,
        EventFilter filter,
        boolean enabled,
        List<WebhookSecret> signingSecrets,
        String credential,
        DestinationOptions options,
        List<Cidr> allowlist,
        long version,
        /** When the destination started failing continuously, as read at claim time; null when healthy. */
        Long failingSince) {

    public enum Kind {
        WEBHOOK, SYSLOG, HTTP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** How an HTTP sink packs a batch. */
    public enum Encoding {
        NDJSON("ndjson"), SPLUNK_HEC("splunk-hec");

        private final String id;

        Encoding(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Encoding of(String id) {
            for (Encoding e : values()) {
                if (e.id.equals(id)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown encoding '" + id + "' (ndjson, splunk-hec)");
        }
    }
}
