package io.authio.keycloak.magiclink;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import io.authio.core.magiclink.LinkCheck;
import io.authio.core.magiclink.LinkRecord;
import io.authio.core.magiclink.MagicLinkTokens;

/**
 * Where emailed links land: {@code /realms/{realm}/authio-magic-link/confirm?t=...}. Opening a link never
 * changes anything: GET renders a page and HEAD answers empty. In the browser that asked for the link the
 * page carries a form that POSTs the token into that browser's own authentication flow, where
 * {@link MagicLinkAuthenticator} consumes it; anywhere else (another device, a mail scanner without
 * cookies) the page explains how to finish with the code in the original tab.
 */
public class MagicLinkResource {

    private final KeycloakSession session;

    MagicLinkResource(KeycloakSession session) {
        this.session = session;
    }

    @HEAD
    @Path("confirm")
    public Response head() {
        return noStore(Response.ok()).build();
    }

    @GET
    @Path("confirm")
    public Response confirm(@QueryParam("t") String token) {
        RealmModel realm = session.getContext().getRealm();
        if (!MagicLinkTokens.isWellFormedToken(token)) {
            return page(null, "unknown", null, null, Response.Status.BAD_REQUEST);
        }
        String digest = MagicLinkTokens.tokenDigest(token);
        MagicLinkStore store = new MagicLinkStore(session);
        LinkRecord record = store.find(digest);
        AuthenticationSessionModel origin = record == null ? null : originatingSession(realm, record, digest);
        LinkCheck.Verdict verdict = LinkCheck.check(digest, record, store.used(digest),
                record == null ? null : store.current(record),
                origin == null ? null : origin.getParentSession().getId(), origin == null ? null : origin.getTabId(),
                Time.currentTimeMillis());
        switch (verdict) {
            case VALID -> {
                LoginFormsProvider form = forms(origin)
                        .setAttribute("actionUrl", actionUrl(realm, origin))
                        .setAttribute("confirmToken", token)
                        .setAttribute("magicLinkEmail", record.email());
                return noStore(Response.fromResponse(form.createForm(MagicLinkAuthenticator.PAGE_CONFIRM))).build();
            }
            case NOT_BOUND -> {
                return page(null, "not_bound", null, record.email(), Response.Status.OK);
            }
            case EXPIRED -> {
                // the original browser may ask for a new link right here
                return page(origin, "expired", origin == null ? null : actionUrl(realm, origin), null, Response.Status.BAD_REQUEST);
            }
            default -> {
                return page(null, verdict.reason(), null, null, Response.Status.BAD_REQUEST);
            }
        }
    }

    /**
     * The authentication session of this browser (from its cookie) if it is the one the link was issued
     * to and still waits for this very link.
     */
    private AuthenticationSessionModel originatingSession(RealmModel realm, LinkRecord record, String digest) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        if (root == null || !root.getId().equals(record.rootSessionId())) {
            return null;
        }
        ClientModel client = realm.getClientById(record.clientId());
        if (client == null) {
            return null;
        }
        AuthenticationSessionModel as = root.getAuthenticationSession(client, record.tabId());
        if (as == null || !MagicLinkTokens.matches(as.getAuthNote(MagicLinkAuthenticator.NOTE_DIGEST), digest)) {
            return null;
        }
        String execution = as.getAuthNote(MagicLinkAuthenticator.NOTE_EXECUTION);
        if (execution == null || !execution.equals(as.getAuthNote(AuthenticationProcessor.CURRENT_AUTHENTICATION_EXECUTION))) {
            return null; // the tab moved on to another step: finish there
        }
        return as;
    }

    /** The login-actions URL that delivers a POST to the magic-link step of that authentication session. */
    private String actionUrl(RealmModel realm, AuthenticationSessionModel as) {
        String code = new ClientSessionCode<>(session, realm, as).getOrGenerateCode();
        String flowPath = as.getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH);
        return LoginActionsService.loginActionsBaseUrl(session.getContext().getUri())
                .path(flowPath == null ? LoginActionsService.AUTHENTICATE_PATH : flowPath)
                .queryParam(LoginActionsService.SESSION_CODE, code)
                .queryParam("execution", as.getAuthNote(MagicLinkAuthenticator.NOTE_EXECUTION))
                .queryParam("client_id", as.getClient().getClientId())
                .queryParam("tab_id", as.getTabId())
                .build(realm.getName()).toString();
    }

    private Response page(AuthenticationSessionModel origin, String reason, String resendUrl, String email, Response.Status status) {
        LoginFormsProvider form = forms(origin)
                .setAttribute("reason", reason)
                .setAttribute("canResend", resendUrl != null)
                .setStatus(status);
        if (resendUrl != null) {
            form.setAttribute("actionUrl", resendUrl);
        }
        if (email != null) {
            form.setAttribute("magicLinkEmail", email);
        }
        return noStore(Response.fromResponse(form.createForm(MagicLinkAuthenticator.PAGE_INVALID))).build();
    }

    private LoginFormsProvider forms(AuthenticationSessionModel origin) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class);
        if (origin != null) {
            form.setAuthenticationSession(origin);
            UserModel user = origin.getAuthenticatedUser();
            if (user != null) {
                form.setUser(user);
            }
        }
        return form;
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder b) {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        cc.setNoCache(true);
        return b.cacheControl(cc).header("Referrer-Policy", "no-referrer");
    }
}
