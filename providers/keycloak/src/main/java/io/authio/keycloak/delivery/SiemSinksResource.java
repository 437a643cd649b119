package io.authio.keycloak.delivery;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.authio.core.DomainException;
import io.authio.core.api.Fields;
import io.authio.core.siem.SiemFormat;
import io.authio.keycloak.http.GuardedHttp;

/**
 * {@code /admin/realms/{realm}/authio/siem-sinks}: syslog (TCP/TLS, RFC 5424) and HTTP (NDJSON or Splunk
 * HEC) sinks. The credential (bearer or HEC token) is write-only and stored sealed.
 */
public class SiemSinksResource extends DestinationsResource<SiemSinksResource.SiemSinkBody> {

    /** The create and update body of a SIEM sink. */
    record SiemSinkBody(String type, String url, String format, String encoding, List<String> eventTypes, String description,
            Boolean enabled, String credential, String tlsCaPem, Long facility) implements DestinationBody {
        SiemSinkBody {
            Fields.text("type", type, 16, false);
            DestinationBody.check(url, eventTypes, description);
            Fields.text("format", format, 16, false);
            Fields.text("encoding", encoding, 16, false);
            Fields.text("credential", credential, 4096, false);
            Fields.text("tls_ca_pem", tlsCaPem, 16_384, false);
            Fields.integer("facility", facility, 0, 23, 0);
        }
    }

    public SiemSinksResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        super(session, realm, auth, "siem-sinks", "SIEM_SINK", SiemSinkBody.class);
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
    protected String checkUrl(String url, String kind) {
        return url; // checked in apply(), once the type is known
    }

    @Override
    protected void apply(SiemSinkBody in, DestinationEntity d, boolean created, Map<String, Object> response) {
        if (created) {
            String type = Fields.text("type", in.type(), 16, true);
            if (!"syslog".equals(type) && !"http".equals(type)) {
                throw DomainException.invalid("type must be syslog or http");
            }
            d.setKind(type);
            d.setFormat(SiemFormat.JSON.id());
        } else if (in.type() != null && !d.getKind().equals(in.type())) {
            throw DomainException.invalid("type cannot be changed; create a new sink");
        }
        if (in.url() != null || created) {
            d.setUrl(super.checkUrl(d.getUrl(), d.getKind()));
        }
        if (in.format() != null) {
            try {
                d.setFormat(SiemFormat.of(Fields.text("format", in.format(), 16, true)).id());
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid(e.getMessage());
            }
        }
        if ("http".equals(d.getKind())) {
            String encoding = in.encoding();
            if (encoding != null) {
                try {
                    d.setEncoding(Destination.Encoding.of(encoding).id());
                } catch (IllegalArgumentException e) {
                    throw DomainException.invalid(e.getMessage());
                }
            } else if (created) {
                d.setEncoding(Destination.Encoding.NDJSON.id());
            }
        } else if (in.encoding() != null) {
            throw DomainException.invalid("encoding applies to http sinks only");
        }
        DestinationOptions options = DestinationOptions.parse(d.getOptions());
        String ca = in.tlsCaPem() != null ? in.tlsCaPem() : options.tlsCaPem();
        if (ca != null && !ca.contains("-----BEGIN CERTIFICATE-----")) {
            throw DomainException.invalid("tls_ca_pem must hold PEM certificates");
        }
        if (ca != null) {
            try {
                GuardedHttp.sslContext(ca);
            } catch (Exception e) {
                throw DomainException.invalid("tls_ca_pem could not be read as X.509 certificates");
            }
        }
        if ("http".equals(d.getKind()) && in.facility() != null) {
            throw DomainException.invalid("facility applies to syslog sinks only");
        }
        if ("syslog".equals(d.getKind()) && in.credential() != null) {
            throw DomainException.invalid("credential applies to http sinks only (syslog sinks authenticate the receiver with tls_ca_pem)");
        }
        Long facility = in.facility();
        d.setOptions(new DestinationOptions(ca, facility == null ? options.facility() : facility.intValue()).toJson());
        if (in.credential() != null) {
            String credential = in.credential();
            d.setSecret(credential == null || credential.isEmpty() ? null
                    : store.seal(realm.getId(), DestinationStore.SINK_CREDENTIAL, d.getId(), credential));
        }
    }
}
