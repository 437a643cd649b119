package io.authio.keycloak.risk;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.theme.KeycloakSanitizerMethod;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

import io.authio.core.log.Redact;
import io.authio.core.ratelimit.RateLimit;
import io.authio.keycloak.ratelimit.RateLimiter;
import io.authio.keycloak.store.Background;

/**
 * "New sign-in on a new device" email: queued after the sign-in's transaction committed and rendered and
 * sent on a Keycloak-managed executor, so the login response never waits for the theme or SMTP. At most
 * three per user and hour (cluster-wide rate limit).
 */
final class NewDeviceMailer {

    private static final Logger LOG = Logger.getLogger(NewDeviceMailer.class);
    static final String TEMPLATE = "authio-new-device.ftl";
    static final RateLimit LIMIT = new RateLimit("risk.new-device-email", 3, Duration.ofHours(1));

    private NewDeviceMailer() {
    }

    record Alert(String realmId, String userId, String device, String ip, String country, long at) {
    }

    static void sendAfterCommit(KeycloakSession session, Alert alert) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        Background.afterCommit(session, "authio-risk-mail", () -> send(factory, alert));
    }

    private static void send(KeycloakSessionFactory factory, Alert alert) {
        try {
            if (!new RateLimiter(factory).check(alert.realmId(), LIMIT, alert.userId()).allowed()) {
                LOG.debugf("new-device email for %s rate-limited", alert.userId());
                return;
            }
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmModel realm = s.realms().getRealm(alert.realmId());
                if (realm == null) {
                    return;
                }
                s.getContext().setRealm(realm);
                UserModel user = s.users().getUserById(realm, alert.userId());
                if (user == null || user.getEmail() == null || !user.isEmailVerified()) {
                    return;
                }
                try {
                    Theme theme = s.theme().getTheme(Theme.Type.EMAIL);
                    String tag = user.getFirstAttribute(UserModel.LOCALE);
                    if (tag == null) {
                        tag = realm.getDefaultLocale() == null ? "en" : realm.getDefaultLocale();
                    }
                    Locale locale = Locale.forLanguageTag(tag);
                    Properties messages = theme.getEnhancedMessages(realm, locale);
                    String realmName = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
                    Map<String, Object> a = new HashMap<>();
                    a.put("device", alert.device());
                    a.put("ip", alert.ip() == null ? "-" : alert.ip());
                    a.put("country", alert.country() == null ? "-" : alert.country());
                    a.put("time", Instant.ofEpochMilli(alert.at()).toString());
                    a.put("realmName", realmName);
                    a.put("locale", locale);
                    a.put("ltr", true);
                    a.put("msg", new MessageFormatterMethod(locale, messages));
                    a.put("kcSanitize", new KeycloakSanitizerMethod());
                    a.put("properties", theme.getProperties());
                    FreeMarkerProvider freeMarker = s.getProvider(FreeMarkerProvider.class);
                    String html = freeMarker.processTemplate(a, "html/" + TEMPLATE, theme);
                    String text = freeMarker.processTemplate(a, "text/" + TEMPLATE, theme);
                    String subject = new MessageFormat(messages.getProperty("authioNewDeviceSubject", "New sign-in to {0}"), locale)
                            .format(new Object[] {realmName});
                    s.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), user.getEmail(), subject, text, html);
                } catch (Exception e) {
                    LOG.warnf("new-device email for %s could not be sent: %s", alert.userId(), Redact.exception(e));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("new-device email for %s could not be sent: %s", alert.userId(), Redact.exception(e));
        }
    }
}
