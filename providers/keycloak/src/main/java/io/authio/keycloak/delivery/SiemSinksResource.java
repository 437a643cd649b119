package io.authio.keycloak.delivery;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.api.ApiException;
import io.authio.core.api.JsonInput;
import io.authio.core.siem.SiemFormat;
import io.authio.keycloak.http.GuardedHttp;

/**
 * {@code /admin/realms/{realm}/authio/siem-sinks}: syslog (TCP/TLS, RFC 5424) and HTTP (NDJSON or Splunk
 * HEC) sinks. The credential (bearer or HEC token) is write-only and stored sealed.
 */
public class SiemSinksResource extends DestinationsResource {

    public SiemSinksResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        super(session, realm, auth);
    }

    @Override
    protected List<Destination.Kind> kinds() {
        return List.of(Destination.Kind.SYSLOG, Destination.Kind.HTTP);
    }

    @Override
    protected String auditPrefix() {
        return "siem.sink";
    }

    @Override
    protected Set<String> fields() {
        return Set.of("type", "url", "format", "encoding", "event_types", "description", "enabled", "credential",
                "tls_ca_pem", "facility");
    }

    @Override
    protected String checkUrl(String url, String kind) {
        return url; // checked in apply(), once the type is known
    }

    @Override
    protected void apply(JsonInput in, DestinationEntity d, boolean created, Map<String, Object> response) {
        if (created) {
            String type = in.string("type", 16, true);
            if (!"syslog".equals(type) && !"http".equals(type)) {
                throw ApiException.badRequest("type must be syslog or http");
            }
            d.setKind(type);
            d.setFormat(SiemFormat.JSON.id());
        } else if (in.has("type") && !d.getKind().equals(in.string("type", 16, false))) {
            throw ApiException.badRequest("type cannot be changed; create a new sink");
        }
        if (in.has("url") || created) {
            d.setUrl(super.checkUrl(d.getUrl(), d.getKind()));
        }
        if (in.has("format")) {
            try {
                d.setFormat(SiemFormat.of(in.string("format", 16, true)).id());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        if ("http".equals(d.getKind())) {
            String encoding = in.string("encoding", 16, false);
            if (encoding != null) {
                try {
                    d.setEncoding(Destination.Encoding.of(encoding).id());
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            } else if (created) {
                d.setEncoding(Destination.Encoding.NDJSON.id());
            }
        } else if (in.has("encoding")) {
            throw ApiException.badRequest("encoding applies to http sinks only");
        }
        DestinationOptions options = DestinationOptions.parse(d.getOptions());
        String ca = in.has("tls_ca_pem") ? in.string("tls_ca_pem", 16_384, false) : options.tlsCaPem();
        if (ca != null && !ca.contains("-----BEGIN CERTIFICATE-----")) {
            throw ApiException.badRequest("tls_ca_pem must hold PEM certificates");
        }
        if (ca != null) {
            try {
                GuardedHttp.sslContext(ca);
            } catch (Exception e) {
                throw ApiException.badRequest("tls_ca_pem could not be read as X.509 certificates");
            }
        }
        if ("http".equals(d.getKind()) && in.has("facility")) {
            throw ApiException.badRequest("facility applies to syslog sinks only");
        }
        if ("syslog".equals(d.getKind()) && in.has("credential")) {
            throw ApiException.badRequest("credential applies to http sinks only (syslog sinks authenticate the receiver with tls_ca_pem)");
        }
        Long facility = in.integer("facility", 0, 23);
        d.setOptions(new DestinationOptions(ca, facility == null ? options.facility() : facility.intValue()).toJson());
        if (in.has("credential")) {
            String credential = in.string("credential", 4096, false);
            d.setSecret(credential == null || credential.isEmpty() ? null
                    : store.seal(realm.getId(), DestinationStore.SINK_CREDENTIAL, d.getId(), credential));
        }
    }
}
