package io.authio.tests.passwordless;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Element;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

import io.authio.tests.support.Browser;

/** Drives the demo realm's email-link sign-in the way a user does, through the real pages. */
public final class MagicLinkFlow {

    static final String FIRST_FACTOR_FLOW = "authio first factor";

    private MagicLinkFlow() {
    }

    /** From the login page: "Try another way", then "Email me a sign-in link". */
    public static HttpResponse<String> choose(Browser b) {
        HttpResponse<String> select = b.submit("form#kc-select-try-another-way-form", Map.of());
        if (select.statusCode() != 200) {
            throw new AssertionError("try another way answered " + select.statusCode() + ": " + select.body());
        }
        for (Element item : b.page().select("li")) {
            if (item.text().contains("Email me a sign-in link")) {
                Element form = item.selectFirst("form");
                String exec = form.selectFirst("input[name=authenticationExecution]").attr("value");
                return b.post(form.absUrl("action"), Map.of("authenticationExecution", exec));
            }
        }
        throw new AssertionError("no email link option on " + select.body());
    }

    public static HttpResponse<String> request(Browser b, String email) {
        return b.submit("form#authio-magic-link-request", Map.of("email", email));
    }

    /** Opens the link; when it shows the confirmation page, presses "Sign in". */
    public static HttpResponse<String> openAndConfirm(Browser b, String link) {
        HttpResponse<String> page = b.open(link);
        if (page.statusCode() == 200 && page.body().contains("id=\"authio-magic-link-confirm\"")) {
            return b.submit("form#authio-magic-link-confirm", Map.of());
        }
        return page;
    }

    public static HttpResponse<String> enterCode(Browser b, String code) {
        return b.submit("form#authio-magic-link-code", Map.of("code", code));
    }

    /** The reason a link page gives (data-reason), or null. */
    public static String reason(HttpResponse<String> page) {
        Element p = org.jsoup.Jsoup.parse(page.body()).selectFirst("#authio-magic-link-invalid");
        return p == null ? null : p.attr("data-reason");
    }

    /** Sets options of the realm's authio-magic-link execution (its authenticator config). */
    public static void configure(RealmResource realm, Map<String, String> options) {
        AuthenticatorConfigRepresentation config = config(realm);
        config.getConfig().putAll(options);
        realm.flows().updateAuthenticatorConfig(config.getId(), config);
    }

    /** The options of the realm's authio-magic-link execution, as configured. */
    public static Map<String, String> options(RealmResource realm) {
        return config(realm).getConfig();
    }

    private static AuthenticatorConfigRepresentation config(RealmResource realm) {
        AuthenticationExecutionInfoRepresentation exec = realm.flows().getExecutions(FIRST_FACTOR_FLOW).stream()
                .filter(e -> "authio-magic-link".equals(e.getProviderId()))
                .findFirst().orElseThrow();
        return realm.flows().getAuthenticatorConfig(exec.getAuthenticationConfig());
    }
}
