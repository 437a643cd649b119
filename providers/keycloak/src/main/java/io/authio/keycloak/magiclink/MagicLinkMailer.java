package io.authio.keycloak.magiclink;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.KeycloakSanitizerMethod;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

import io.authio.core.log.Redact;
import io.authio.keycloak.store.Background;

/**
 * The magic-link email: rendered from the realm's email theme ({@code authio-magic-link.ftl}, HTML and
 * text) while handling the request, sent by SMTP after the request's transaction committed, on a
 * Keycloak-managed executor. The response never waits for SMTP, so known and unknown addresses answer in
 * similar time (both render), and no email leaves for a link whose record did not commit. Failures are logged
 * with the link's label and the error with every address in it redacted, never the recipient.
 */
final class MagicLinkMailer {

    private static final Logger LOG = Logger.getLogger(MagicLinkMailer.class);
    static final String TEMPLATE = "authio-magic-link.ftl";

    private MagicLinkMailer() {
    }

    /** A rendered email: the link and code exist only in this object until it is sent. */
    record Rendered(String subject, String text, String html) {
    }

    static Rendered render(KeycloakSession session, RealmModel realm, UserModel user, String link, String code, long ttlMinutes) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.EMAIL);
            Locale locale = session.getContext().resolveLocale(user, Theme.Type.EMAIL);
            Properties messages = theme.getEnhancedMessages(realm, locale);
            String realmName = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("link", link);
            attributes.put("code", code);
            attributes.put("linkExpirationMinutes", ttlMinutes);
            attributes.put("realmName", realmName);
            attributes.put("locale", locale);
            attributes.put("ltr", true);
            attributes.put("msg", new MessageFormatterMethod(locale, messages));
            attributes.put("kcSanitize", new KeycloakSanitizerMethod());
            attributes.put("properties", theme.getProperties());
            FreeMarkerProvider freeMarker = session.getProvider(FreeMarkerProvider.class);
            String html = freeMarker.processTemplate(attributes, "html/" + TEMPLATE, theme);
            String text = freeMarker.processTemplate(attributes, "text/" + TEMPLATE, theme);
            String subject = new MessageFormat(messages.getProperty("authioMagicLinkSubject", "Sign in"), locale)
                    .format(new Object[] {realmName});
            return new Rendered(subject, text, html);
        } catch (IOException | FreeMarkerException e) {
            throw new IllegalStateException("magic link email template failed", e);
        }
    }

    static void sendAfterCommit(KeycloakSession session, RealmModel realm, String address, Rendered email, String label) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        Map<String, String> smtp = new HashMap<>(realm.getSmtpConfig());
        Background.afterCommit(session, "authio-magic-link", () -> send(factory, realmId, smtp, address, email, label));
    }

    private static void send(KeycloakSessionFactory factory, String realmId, Map<String, String> smtp, String address,
            Rendered email, String label) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                s.getContext().setRealm(realm);
                try {
                    s.getProvider(EmailSenderProvider.class).send(smtp, address, email.subject(), email.text(), email.html());
                    LOG.debugf("magic link %s: email sent", label);
                } catch (EmailException e) {
                    LOG.warnf("magic link %s: email could not be sent: %s", label, Redact.exception(e));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("magic link %s: email could not be sent: %s", label, Redact.exception(e));
        }
    }
}
