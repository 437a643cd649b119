package io.authio.keycloak.magiclink;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.light.LightweightUserAdapter;

import io.authio.core.magiclink.MagicLinkTokens;

/**
 * Sends the magic-link email after the request's transaction committed, on a Keycloak-managed executor:
 * the response never waits for SMTP, so known and unknown addresses answer in similar time, and no email
 * leaves for a link whose record did not commit.
 */
final class MagicLinkMailer {

    private static final Logger LOG = Logger.getLogger(MagicLinkMailer.class);
    static final String TEMPLATE = "authio-magic-link.ftl";

    private MagicLinkMailer() {
    }

    /** The message to send: the link and code exist only in memory until the email is rendered. */
    record Message(String realmId, String userId, String email, String link, String code, long ttlMinutes,
            String locale, String digestLabel) {
    }

    static void sendAfterCommit(KeycloakSession session, Message message) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        var executor = session.getProvider(ExecutorsProvider.class).getExecutor("authio-magic-link");
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                executor.execute(() -> send(factory, message));
            }

            @Override
            protected void rollbackImpl() {
                // nothing committed: nothing to send
            }
        });
    }

    private static void send(KeycloakSessionFactory factory, Message m) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                RealmModel realm = s.realms().getRealm(m.realmId());
                if (realm == null) {
                    return;
                }
                s.getContext().setRealm(realm);
                UserModel user = m.userId() == null ? null : s.users().getUserById(realm, m.userId());
                if (user == null) {
                    // a link that will create the account: address it to a transient user
                    LightweightUserAdapter transientUser = new LightweightUserAdapter(s, realm, "authio-magic-link-new");
                    transientUser.setEmail(m.email());
                    transientUser.setUsername(m.email());
                    transientUser.setEnabled(true);
                    if (m.locale() != null) {
                        transientUser.setSingleAttribute(UserModel.LOCALE, m.locale());
                    }
                    user = transientUser;
                }
                Map<String, Object> attributes = Map.of(
                        "link", m.link(),
                        "code", m.code(),
                        "linkExpirationMinutes", m.ttlMinutes(),
                        "realmName", realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName());
                try {
                    s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                            .send("authioMagicLinkSubject", List.of(), TEMPLATE, attributes);
                } catch (EmailException e) {
                    LOG.warnf("magic link %s: email could not be sent: %s", m.digestLabel(), e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("magic link %s: email could not be sent: %s", m.digestLabel(), e.toString());
        }
    }

    static String label(String digest) {
        return MagicLinkTokens.logLabel(digest);
    }
}
