package io.authio.keycloak.magiclink;

import java.net.URI;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.authio.core.magiclink.CodeAttempts;
import io.authio.core.magiclink.LinkCheck;
import io.authio.core.magiclink.LinkRecord;
import io.authio.core.magiclink.MagicLinkPolicy;
import io.authio.core.magiclink.MagicLinkTokens;
import io.authio.core.ratelimit.RateLimit;
import io.authio.core.signin.SignInMethods;
import io.authio.keycloak.ratelimit.RateLimiter;
import io.authio.keycloak.risk.KnownSources;

/**
 * Sign-in with a link (or its one-time code) sent by email.
 *
 * <p>The user enters an address and always sees the same "check your email" page. For a known, enabled
 * account (or any address when the realm creates accounts on first link) a link record is stored in the
 * cluster-wide single-use store, bound to this authentication session and tab, and the email leaves
 * after commit. The link itself only shows a confirmation page ({@link MagicLinkResource}); the token is
 * consumed by the POST of that page back into this flow, which Keycloak only routes to this
 * authenticator for the browser holding the authentication session. On another device the user types
 * the code in the original tab instead.
 */
public class MagicLinkAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(MagicLinkAuthenticator.class);

    static final String PAGE_REQUEST = "authio-magic-link-request.ftl";
    static final String PAGE_SENT = "authio-magic-link-sent.ftl";
    static final String PAGE_CONFIRM = "authio-magic-link-confirm.ftl";
    static final String PAGE_INVALID = "authio-magic-link-invalid.ftl";
    static final String PAGE_RATE_LIMITED = "authio-rate-limited.ftl";

    // authentication-session notes of the current request (digests only)
    static final String NOTE_DIGEST = "authio.ml.digest";
    static final String NOTE_CODE = "authio.ml.code";
    static final String NOTE_EMAIL = "authio.ml.email";
    static final String NOTE_SENT_AT = "authio.ml.sent";
    /** Whose failed-code budget the codes of this tab draw on: the account's id, or the address without one. */
    static final String NOTE_BUDGET = "authio.ml.budget";
    static final String NOTE_EXECUTION = "authio.ml.execution";

    static final String FIELD_EMAIL = "email";
    static final String FIELD_CODE = "code";
    static final String FIELD_TOKEN = "confirm_token";
    static final String FIELD_RESEND = "resend";
    static final String FIELD_RESTART = "restart";

    private final KeycloakSession session;

    MagicLinkAuthenticator(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel as = context.getAuthenticationSession();
        if (as.getAuthNote(NOTE_EMAIL) != null) {
            context.challenge(sentPage(context, null));
            return;
        }
        String hint = as.getClientNote("login_hint");
        context.challenge(requestPage(context, MagicLinkTokens.normalizeEmail(hint), null, Response.Status.OK));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(FIELD_TOKEN)) {
            confirmLink(context, form.getFirst(FIELD_TOKEN));
        } else if (form.containsKey(FIELD_CODE)) {
            confirmCode(context, form.getFirst(FIELD_CODE));
        } else if (form.containsKey(FIELD_RESEND)) {
            resend(context);
        } else if (form.containsKey(FIELD_RESTART)) {
            clearNotes(context.getAuthenticationSession());
            context.challenge(requestPage(context, null, null, Response.Status.OK));
        } else if (form.containsKey(FIELD_EMAIL)) {
            request(context, form.getFirst(FIELD_EMAIL));
        } else {
            authenticate(context);
        }
    }

    // ---- requesting a link -------------------------------------------------------------------------

    private void request(AuthenticationFlowContext context, String typed) {
        String email = MagicLinkTokens.normalizeEmail(typed);
        if (email == null) {
            context.challenge(requestPage(context, null, "authioMagicLinkInvalidEmail", Response.Status.BAD_REQUEST));
            return;
        }
        UserModel user = findUser(context.getRealm(), email);
        if (!withinRateLimits(context, email, user)) {
            return;
        }
        issue(context, email, user);
        context.challenge(sentPage(context, null));
    }

    private void resend(AuthenticationFlowContext context) {
        AuthenticationSessionModel as = context.getAuthenticationSession();
        String email = as.getAuthNote(NOTE_EMAIL);
        if (email == null) {
            context.challenge(requestPage(context, null, null, Response.Status.OK));
            return;
        }
        MagicLinkPolicy policy = policy(context);
        long wait = policy.resendWaitSeconds(longNote(as, NOTE_SENT_AT), Time.currentTimeMillis());
        if (wait > 0) {
            context.challenge(sentPage(context, context.form().setError("authioMagicLinkResendWait", wait)));
            return;
        }
        UserModel user = findUser(context.getRealm(), email);
        if (!withinRateLimits(context, email, user)) {
            return;
        }
        issue(context, email, user);
        context.challenge(sentPage(context, context.form().setInfo("authioMagicLinkResent")));
    }

    /**
     * Per client address, and per address: requests from the account's own devices and networks draw on a
     * budget of their own, so a stranger asking for the owner's address elsewhere cannot use it up.
     */
    private boolean withinRateLimits(AuthenticationFlowContext context, String email, UserModel user) {
        MagicLinkPolicy policy = policy(context);
        RealmModel realm = context.getRealm();
        RateLimiter limiter = new RateLimiter(session.getKeycloakSessionFactory());
        String ip = clientIp(context);
        boolean known = KnownSources.isKnown(session, realm, user == null ? null : user.getId(), ip);
        RateLimit.Decision byIp = limiter.checkAddress(realm.getId(), policy.perIp(), ip);
        RateLimit.Decision byEmail = byIp.allowed() ? limiter.check(realm.getId(), policy.perEmail(known), email) : byIp;
        if (byIp.allowed() && byEmail.allowed()) {
            return true;
        }
        rateLimited(context, Math.max(byIp.retryAfterMillis(), byEmail.retryAfterMillis()),
                byIp.allowed() ? "rate_limited_email" : "rate_limited_ip", null);
        return false;
    }

    private void rateLimited(AuthenticationFlowContext context, long retryAfterMillis, String reason, String userId) {
        long retryAfter = Math.max(1, (retryAfterMillis + 999) / 1000);
        MagicLinkEvents.rejected(session, context.getRealm().getId(), userId, context.getAuthenticationSession().getClient().getClientId(),
                null, reason);
        Response page = context.form()
                .setStatus(Response.Status.TOO_MANY_REQUESTS)
                .setAttribute("retryAfterSeconds", retryAfter)
                .setAttribute("retryAfterMinutes", (retryAfter + 59) / 60)
                .setAttribute("limited", "code_cooldown".equals(reason) ? "codes" : "emails")
                .createForm(PAGE_RATE_LIMITED);
        context.challenge(Response.fromResponse(page).header("Retry-After", Long.toString(retryAfter)).build());
    }

    private static String clientIp(AuthenticationFlowContext context) {
        return context.getConnection() == null ? "unknown" : context.getConnection().getRemoteAddr();
    }

    /**
     * Issues a link for the address. The same work happens whether or not an account exists (notes,
     * digests, an audit row); only the stored record and the email differ, and the email leaves after
     * commit on another thread.
     */
    private void issue(AuthenticationFlowContext context, String email, UserModel user) {
        MagicLinkPolicy policy = policy(context);
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel as = context.getAuthenticationSession();
        String clientId = as.getClient().getClientId();

        String token = MagicLinkTokens.newToken();
        String code = MagicLinkTokens.newCode();
        String digest = MagicLinkTokens.tokenDigest(token);
        long now = Time.currentTimeMillis();

        as.setAuthNote(NOTE_DIGEST, digest);
        as.setAuthNote(NOTE_CODE, MagicLinkTokens.codeDigest(digest, code));
        as.setAuthNote(NOTE_EMAIL, email);
        as.setAuthNote(NOTE_SENT_AT, Long.toString(now));
        as.setAuthNote(NOTE_BUDGET, user == null ? "e:" + email : "u:" + user.getId());
        as.setAuthNote(NOTE_EXECUTION, context.getExecution().getId());

        String link = linkUrl(context, token);
        // rendered for every address, sent only for real ones: the same work on the request thread
        MagicLinkMailer.Rendered rendered = MagicLinkMailer.render(session, realm, user, link, code,
                Math.max(1, policy.ttl().toMinutes()));
        if (user == null && !policy.createUsers()) {
            new MagicLinkStore(session).decoy(realm.getId(), digest, policy.expiresAt(now));
            MagicLinkEvents.rejected(session, realm.getId(), null, clientId, MagicLinkTokens.logLabel(digest), "unknown_email");
            return;
        }
        LinkRecord record = new LinkRecord(realm.getId(), as.getParentSession().getId(), as.getTabId(),
                as.getClient().getId(), user == null ? null : user.getId(), email, now, policy.expiresAt(now));
        new MagicLinkStore(session).issue(digest, record);
        MagicLinkMailer.sendAfterCommit(session, realm, email, rendered, MagicLinkTokens.logLabel(digest));
        MagicLinkEvents.sent(session, realm.getId(), user == null ? null : user.getId(), clientId,
                MagicLinkTokens.logLabel(digest), user == null ? "new_account" : "email");
        LOG.debugf("magic link %s issued", MagicLinkTokens.logLabel(digest));
    }

    private UserModel findUser(RealmModel realm, String email) {
        try {
            UserModel user = session.users().getUserByEmail(realm, email);
            return user != null && user.isEnabled() ? user : null;
        } catch (ModelDuplicateException ambiguous) {
            return null;
        }
    }

    private String linkUrl(AuthenticationFlowContext context, String token) {
        URI base = context.getUriInfo().getBaseUri();
        return UriBuilder.fromUri(base).path("realms").path(context.getRealm().getName())
                .path(MagicLinkResourceProviderFactory.ID).path("confirm")
                .queryParam("t", token).build().toString();
    }

    // ---- using a link or a code --------------------------------------------------------------------

    private void confirmLink(AuthenticationFlowContext context, String token) {
        AuthenticationSessionModel as = context.getAuthenticationSession();
        String clientId = as.getClient().getClientId();
        if (!MagicLinkTokens.isWellFormedToken(token)) {
            reject(context, null, LinkCheck.Verdict.UNKNOWN, clientId);
            return;
        }
        String digest = MagicLinkTokens.tokenDigest(token);
        if (!MagicLinkTokens.matches(as.getAuthNote(NOTE_DIGEST), digest)) {
            // a link this tab did not ask for, or an older one it replaced
            MagicLinkStore store = new MagicLinkStore(session);
            LinkRecord record = store.find(digest);
            LinkCheck.Verdict verdict = LinkCheck.check(digest, record, store.used(digest),
                    record == null ? null : store.current(record), as.getParentSession().getId(), as.getTabId(),
                    Time.currentTimeMillis());
            reject(context, digest, verdict == LinkCheck.Verdict.VALID ? LinkCheck.Verdict.NOT_BOUND : verdict, clientId);
            return;
        }
        consumeAndSignIn(context, digest, "link");
    }

    /**
     * A typed code. Each attempt is charged, before the code is compared, to the account's budget (across all
     * its links: {@link MagicLinkPolicy#codesPerAccount()}) and then to the link's; both are counted atomically
     * in the shared database, so parallel guesses are each counted. An account out of budget cools down (429)
     * without its codes being compared; a link out of attempts is revoked.
     */
    private void confirmCode(AuthenticationFlowContext context, String typed) {
        AuthenticationSessionModel as = context.getAuthenticationSession();
        String digest = as.getAuthNote(NOTE_DIGEST);
        if (digest == null) {
            context.challenge(requestPage(context, null, null, Response.Status.OK));
            return;
        }
        MagicLinkPolicy policy = policy(context);
        String realmId = context.getRealm().getId();
        String clientId = as.getClient().getClientId();
        String label = MagicLinkTokens.logLabel(digest);
        RateLimiter limiter = new RateLimiter(session.getKeycloakSessionFactory());
        RateLimit.Decision account = limiter.check(realmId, policy.codesPerAccount(),
                CodeAttempts.accountBudget(as.getAuthNote(NOTE_BUDGET), digest));
        if (CodeAttempts.coolsDown(account)) {
            rateLimited(context, account.retryAfterMillis(), "code_cooldown", null);
            return;
        }
        RateLimit.Decision link = limiter.check(realmId, policy.codesPerLink(), digest);
        String code = MagicLinkTokens.normalizeCode(typed);
        boolean right = CodeAttempts.mayCompare(link) && code != null
                && MagicLinkTokens.matches(as.getAuthNote(NOTE_CODE), MagicLinkTokens.codeDigest(digest, code));
        switch (CodeAttempts.judge(link, right)) {
            case SIGN_IN -> consumeAndSignIn(context, digest, "code");
            case REVOKE -> {
                new MagicLinkStore(session).revoke(digest);
                as.removeAuthNote(NOTE_CODE);
                MagicLinkEvents.rejected(session, realmId, null, clientId, label, "too_many_attempts");
                context.challenge(invalidPage(context, "too_many_attempts", true, Response.Status.BAD_REQUEST));
            }
            case WRONG_CODE -> {
                MagicLinkEvents.rejected(session, realmId, null, clientId, label, "wrong_code");
                LoginFormsProvider form = context.form().setError("authioMagicLinkWrongCode");
                context.challenge(sentPage(context, form.setStatus(Response.Status.BAD_REQUEST)));
            }
        }
    }

    private void consumeAndSignIn(AuthenticationFlowContext context, String digest, String method) {
        AuthenticationSessionModel as = context.getAuthenticationSession();
        RealmModel realm = context.getRealm();
        String clientId = as.getClient().getClientId();
        MagicLinkStore store = new MagicLinkStore(session);
        LinkRecord record = store.find(digest);
        LinkCheck.Verdict verdict = LinkCheck.check(digest, record, store.used(digest),
                record == null ? null : store.current(record), as.getParentSession().getId(), as.getTabId(),
                Time.currentTimeMillis());
        if (verdict != LinkCheck.Verdict.VALID) {
            if ("code".equals(method) && verdict == LinkCheck.Verdict.UNKNOWN) {
                // also what an address without an account gets: indistinguishable from a wrong code
                MagicLinkEvents.rejected(session, realm.getId(), null, clientId, MagicLinkTokens.logLabel(digest), "unknown");
                context.challenge(sentPage(context, context.form().setError("authioMagicLinkWrongCode").setStatus(Response.Status.BAD_REQUEST)));
                return;
            }
            reject(context, digest, verdict, clientId);
            return;
        }
        LinkRecord consumed = store.consume(digest);
        if (consumed == null) {
            reject(context, digest, LinkCheck.Verdict.USED, clientId);
            return;
        }
        UserModel user = consumed.userId() != null ? session.users().getUserById(realm, consumed.userId())
                : createOrFind(realm, consumed.email(), policy(context));
        if (user == null || !user.isEnabled()) {
            MagicLinkEvents.rejected(session, realm.getId(), consumed.userId(), clientId, MagicLinkTokens.logLabel(digest), "user_disabled");
            context.challenge(invalidPage(context, "unknown", false, Response.Status.BAD_REQUEST));
            return;
        }
        // the link vouches for the address it was sent to, and only while the account holds it, verified
        LinkCheck.Verdict owner = LinkCheck.account(consumed, user.getEmail(), user.isEmailVerified());
        if (owner != LinkCheck.Verdict.VALID) {
            clearNotes(as);
            MagicLinkEvents.rejected(session, realm.getId(), user.getId(), clientId, MagicLinkTokens.logLabel(digest), owner.reason());
            context.challenge(invalidPage(context, owner.reason(), false, Response.Status.FORBIDDEN));
            return;
        }
        String budget = as.getAuthNote(NOTE_BUDGET);
        if (budget != null) {
            // the owner proved the address: strangers' wrong codes no longer count against them
            new RateLimiter(session.getKeycloakSessionFactory()).reset(realm.getId(), policy(context).codesPerAccount(), budget);
        }
        clearNotes(as);
        MagicLinkEvents.used(session, realm.getId(), user.getId(), clientId, MagicLinkTokens.logLabel(digest), method);
        context.getEvent().user(user).detail(Details.USERNAME, user.getUsername()).detail(Details.AUTH_METHOD, "magic_link");
        context.setUser(user);
        context.success(SignInMethods.MAGIC_LINK);
    }

    /** For a link issued while account creation was on; the setting is checked again at use. */
    private UserModel createOrFind(RealmModel realm, String email, MagicLinkPolicy policy) {
        UserModel existing = findUser(realm, email);
        if (existing != null) {
            return existing;
        }
        if (!policy.createUsers()) {
            return null;
        }
        UserModel user = session.users().addUser(realm, email);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setEnabled(true);
        return user;
    }

    private void reject(AuthenticationFlowContext context, String digest, LinkCheck.Verdict verdict, String clientId) {
        MagicLinkEvents.rejected(session, context.getRealm().getId(), null, clientId,
                digest == null ? null : MagicLinkTokens.logLabel(digest), verdict.reason());
        boolean canResend = context.getAuthenticationSession().getAuthNote(NOTE_EMAIL) != null;
        context.challenge(invalidPage(context, verdict.reason(), canResend, Response.Status.BAD_REQUEST));
    }

    // ---- pages -------------------------------------------------------------------------------------

    private Response requestPage(AuthenticationFlowContext context, String email, String error, Response.Status status) {
        LoginFormsProvider form = context.form().setAttribute("magicLinkEmail", email == null ? "" : email);
        if (error != null) {
            form.setError(error);
        }
        return form.setStatus(status).createForm(PAGE_REQUEST);
    }

    private Response sentPage(AuthenticationFlowContext context, LoginFormsProvider form) {
        MagicLinkPolicy policy = policy(context);
        LoginFormsProvider f = form != null ? form : context.form();
        return f.setAttribute("magicLinkEmail", context.getAuthenticationSession().getAuthNote(NOTE_EMAIL))
                .setAttribute("linkExpirationMinutes", Math.max(1, policy.ttl().toMinutes()))
                .setAttribute("resendCooldownSeconds", policy.resendCooldown().toSeconds())
                .createForm(PAGE_SENT);
    }

    private Response invalidPage(AuthenticationFlowContext context, String reason, boolean canResend, Response.Status status) {
        return context.form().setAttribute("reason", reason).setAttribute("canResend", canResend)
                .setStatus(status).createForm(PAGE_INVALID);
    }

    private MagicLinkPolicy currentPolicy;

    private MagicLinkPolicy policy(AuthenticationFlowContext context) {
        if (currentPolicy == null) {
            currentPolicy = MagicLinkConfig.of(context.getAuthenticatorConfig());
        }
        return currentPolicy;
    }

    static void clearNotes(AuthenticationSessionModel as) {
        for (String note : new String[] {NOTE_DIGEST, NOTE_CODE, NOTE_EMAIL, NOTE_SENT_AT, NOTE_BUDGET, NOTE_EXECUTION}) {
            as.removeAuthNote(note);
        }
    }

    private static long longNote(AuthenticationSessionModel as, String note) {
        String v = as.getAuthNote(note);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
