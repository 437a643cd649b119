package io.authio.keycloak.delivery;

import java.net.URI;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.authio.core.DomainException;
import io.authio.core.net.DestinationGuard;

/** The SSRF guard for a destination URL with its realm's allowlist, wherever a URL is set (API or console). */
final class UrlCheck {

    private final KeycloakSession session;
    private final RealmModel realm;

    UrlCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    String check(String url, String kind) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw DomainException.invalid("url is not a valid URL");
        }
        try {
            DestinationGuard guard = new DestinationGuard(new DestinationStore(session).allowlist(realm.getId()), DestinationGuard.SYSTEM);
            if ("syslog".equals(kind)) {
                String scheme = uri.getScheme();
                if (!"syslog+tls".equals(scheme) && !"syslog+tcp".equals(scheme)) {
                    throw DomainException.invalid("syslog sinks use syslog+tls://host:port or syslog+tcp://host:port");
                }
                if (uri.getRawUserInfo() != null) {
                    throw DomainException.invalid("url refused: URLs with credentials in them are refused");
                }
                if (uri.getHost() == null || uri.getPort() < 1) {
                    throw DomainException.invalid("url needs a host and a port, e.g. syslog+tls://siem.example.com:6514");
                }
                guard.checkHost(uri.getHost(), "syslog+tcp".equals(scheme));
            } else {
                guard.checkUrl(uri);
            }
        } catch (DestinationGuard.RefusedDestination e) {
            throw DomainException.invalid("url refused: " + e.getMessage());
        }
        return uri.toString();
    }
}
