package io.authio.keycloak.setup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.theme.Theme;

import io.authio.keycloak.risk.RiskClaimMapper;

/**
 * Installs what the shipped realm configuration ({@code realm-config/authio-demo-realm.json}, packaged into the
 * provider jar) defines for signing in: the flows bound there (browser, direct grant, and any other binding the file
 * sets) with every sub-flow and authenticator configuration they use, the bindings, Authio's event listeners, the
 * theme where the realm uses the server's default, the passwordless policy where the realm never set one, and the
 * {@code authio-risk} client scope that puts the risk decision into tokens. The file is the single source: a flow
 * changed there is what new installations get. Flows and configurations the realm already has (by alias) are
 * kept as they are.
 */
final class DefaultRealmSetup implements RealmSetup {

    static final String CLIENT_SCOPE = "authio-risk";

    private final KeycloakSession session;
    private final RealmRepresentation shipped;

    DefaultRealmSetup(KeycloakSession session, RealmRepresentation shipped) {
        this.session = session;
        this.shipped = shipped;
    }

    @Override
    public RealmSetupResult install(RealmModel realm) {
        Map<String, AuthenticationFlowRepresentation> flows = new LinkedHashMap<>();
        for (AuthenticationFlowRepresentation f : shipped.getAuthenticationFlows()) {
            flows.put(f.getAlias(), f);
        }
        List<String> needed = reachable(flows, bindings().values());
        List<String> configsCreated = configs(realm, flows, needed);
        List<String> created = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String alias : needed) {
            if (realm.getFlowByAlias(alias) != null) {
                kept.add(alias);
                continue;
            }
            AuthenticationFlowModel model = RepresentationToModel.toModel(flows.get(alias));
            model.setId(null);
            model.setBuiltIn(false);
            realm.addAuthenticationFlow(model);
            created.add(alias);
        }
        for (String alias : created) {
            executions(realm, flows.get(alias));
        }
        bind(realm);
        return new RealmSetupResult(created, kept, configsCreated, realm.getBrowserFlow().getAlias(),
                realm.getDirectGrantFlow().getAlias(), listeners(realm), theme(realm, Theme.Type.LOGIN), theme(realm, Theme.Type.EMAIL),
                passkeyPolicy(realm), clientScope(realm), defaultScopeForClients(realm));
    }

    /** The flow bindings the shipped realm sets: binding name → flow alias. */
    private Map<String, String> bindings() {
        Map<String, String> b = new LinkedHashMap<>();
        put(b, "browser", shipped.getBrowserFlow());
        put(b, "direct_grant", shipped.getDirectGrantFlow());
        put(b, "first_broker_login", shipped.getFirstBrokerLoginFlow());
        put(b, "registration", shipped.getRegistrationFlow());
        put(b, "reset_credentials", shipped.getResetCredentialsFlow());
        put(b, "client_authentication", shipped.getClientAuthenticationFlow());
        put(b, "docker_authentication", shipped.getDockerAuthenticationFlow());
        return b;
    }

    private static void put(Map<String, String> b, String binding, String alias) {
        if (alias != null && !alias.isBlank()) {
            b.put(binding, alias);
        }
    }

    /** The bound flows and every sub-flow they reach, sub-flows first. */
    private static List<String> reachable(Map<String, AuthenticationFlowRepresentation> flows, Iterable<String> roots) {
        Set<String> order = new LinkedHashSet<>();
        for (String root : roots) {
            Deque<String> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                String alias = stack.pop();
                AuthenticationFlowRepresentation f = flows.get(alias);
                if (f == null || !order.add(alias)) {
                    continue; // a binding to one of Keycloak's built-in flows, or already taken
                }
                for (AuthenticationExecutionExportRepresentation e : f.getAuthenticationExecutions()) {
                    if (e.isAuthenticatorFlow() && e.getFlowAlias() != null) {
                        stack.push(e.getFlowAlias());
                    }
                }
            }
        }
        return new ArrayList<>(order);
    }

    private List<String> configs(RealmModel realm, Map<String, AuthenticationFlowRepresentation> flows, List<String> needed) {
        Set<String> used = new LinkedHashSet<>();
        for (String alias : needed) {
            for (AuthenticationExecutionExportRepresentation e : flows.get(alias).getAuthenticationExecutions()) {
                if (e.getAuthenticatorConfig() != null) {
                    used.add(e.getAuthenticatorConfig());
                }
            }
        }
        List<String> created = new ArrayList<>();
        for (AuthenticatorConfigRepresentation c : shipped.getAuthenticatorConfig()) {
            if (used.contains(c.getAlias()) && realm.getAuthenticatorConfigByAlias(c.getAlias()) == null) {
                AuthenticatorConfigModel model = RepresentationToModel.toModel(c);
                model.setId(null);
                realm.addAuthenticatorConfig(model);
                created.add(c.getAlias());
            }
        }
        return created;
    }

    private static void executions(RealmModel realm, AuthenticationFlowRepresentation flow) {
        String parent = realm.getFlowByAlias(flow.getAlias()).getId();
        int index = 0;
        for (AuthenticationExecutionExportRepresentation e : flow.getAuthenticationExecutions()) {
            AuthenticationExecutionModel model = new AuthenticationExecutionModel();
            model.setParentFlow(parent);
            model.setRequirement(AuthenticationExecutionModel.Requirement.valueOf(e.getRequirement()));
            model.setPriority(e.getPriority() > 0 ? e.getPriority() : (++index) * 10);
            model.setAuthenticatorFlow(e.isAuthenticatorFlow());
            if (e.isAuthenticatorFlow()) {
                model.setFlowId(realm.getFlowByAlias(e.getFlowAlias()).getId());
            } else {
                model.setAuthenticator(e.getAuthenticator());
            }
            if (e.getAuthenticatorConfig() != null) {
                model.setAuthenticatorConfig(realm.getAuthenticatorConfigByAlias(e.getAuthenticatorConfig()).getId());
            }
            realm.addAuthenticatorExecution(model);
        }
    }

    private void bind(RealmModel realm) {
        bindings().forEach((binding, alias) -> {
            AuthenticationFlowModel flow = realm.getFlowByAlias(alias);
            if (flow == null) {
                return;
            }
            switch (binding) {
                case "browser" -> realm.setBrowserFlow(flow);
                case "direct_grant" -> realm.setDirectGrantFlow(flow);
                case "first_broker_login" -> realm.setFirstBrokerLoginFlow(flow);
                case "registration" -> realm.setRegistrationFlow(flow);
                case "reset_credentials" -> realm.setResetCredentialsFlow(flow);
                case "client_authentication" -> realm.setClientAuthenticationFlow(flow);
                case "docker_authentication" -> realm.setDockerAuthenticationFlow(flow);
                default -> throw new IllegalStateException(binding);
            }
        });
    }

    /** Authio's listeners from the shipped realm (audit, risk) join whatever the realm has. */
    private List<String> listeners(RealmModel realm) {
        Set<String> current = new LinkedHashSet<>(realm.getEventsListenersStream().toList());
        List<String> added = new ArrayList<>();
        for (String l : shipped.getEventsListeners() == null ? List.<String>of() : shipped.getEventsListeners()) {
            if (l.startsWith("authio-") && current.add(l)) {
                added.add(l);
            }
        }
        if (!added.isEmpty()) {
            realm.setEventsListeners(current);
        }
        return added;
    }

    /** Authio's theme holds the pages its flows show; a realm on the server's default theme gets it, a branded one keeps its own. */
    private String theme(RealmModel realm, Theme.Type type) {
        boolean login = type == Theme.Type.LOGIN;
        String current = login ? realm.getLoginTheme() : realm.getEmailTheme();
        String wanted = login ? shipped.getLoginTheme() : shipped.getEmailTheme();
        if ((current == null || current.isBlank()) && wanted != null && session.theme().nameSet(type).contains(wanted)) {
            if (login) {
                realm.setLoginTheme(wanted);
            } else {
                realm.setEmailTheme(wanted);
            }
            return wanted;
        }
        return current;
    }

    /**
     * Passkeys as the shipped realm has them (resident keys, user verification required), for a realm that never
     * configured its passwordless policy; the relying-party id stays the realm's own (the request's host).
     */
    private String passkeyPolicy(RealmModel realm) {
        WebAuthnPolicy policy = realm.getWebAuthnPolicyPasswordless();
        boolean untouched = (policy.getRpId() == null || policy.getRpId().isBlank()) && !Boolean.TRUE.equals(policy.isPasskeysEnabled())
                && "not specified".equals(policy.getUserVerificationRequirement());
        if (!untouched || shipped.getWebAuthnPolicyPasswordlessUserVerificationRequirement() == null) {
            return "kept";
        }
        policy.setRpEntityName(realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName());
        policy.setSignatureAlgorithm(shipped.getWebAuthnPolicyPasswordlessSignatureAlgorithms());
        policy.setAttestationConveyancePreference(shipped.getWebAuthnPolicyPasswordlessAttestationConveyancePreference());
        policy.setAuthenticatorAttachment(shipped.getWebAuthnPolicyPasswordlessAuthenticatorAttachment());
        policy.setRequireResidentKey(shipped.getWebAuthnPolicyPasswordlessRequireResidentKey());
        policy.setUserVerificationRequirement(shipped.getWebAuthnPolicyPasswordlessUserVerificationRequirement());
        policy.setAvoidSameAuthenticatorRegister(Boolean.TRUE.equals(shipped.isWebAuthnPolicyPasswordlessAvoidSameAuthenticatorRegister()));
        policy.setPasskeysEnabled(shipped.getWebAuthnPolicyPasswordlessPasskeysEnabled());
        realm.setWebAuthnPolicyPasswordless(policy);
        return "set";
    }

    /** The {@code authio-risk} scope (the risk claim mapper), a default scope of new clients. */
    private String clientScope(RealmModel realm) {
        if (realm.getClientScopesStream().anyMatch(s -> CLIENT_SCOPE.equals(s.getName()))) {
            return "kept";
        }
        ClientScopeModel scope = realm.addClientScope(CLIENT_SCOPE);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription("Authio: the sign-in's risk decision as the authio_risk claim");
        scope.setIncludeInTokenScope(false);
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName("authio risk");
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(RiskClaimMapper.ID);
        mapper.setConfig(new LinkedHashMap<>(Map.of("id.token.claim", "true", "access.token.claim", "true", "userinfo.token.claim", "true",
                "introspection.token.claim", "true")));
        scope.addProtocolMapper(mapper);
        realm.addDefaultClientScope(scope, true);
        return "created";
    }

    /** Existing OpenID Connect clients get the scope too (new ones get it as a realm default). */
    private int defaultScopeForClients(RealmModel realm) {
        ClientScopeModel scope = realm.getClientScopesStream().filter(s -> CLIENT_SCOPE.equals(s.getName())).findFirst().orElseThrow();
        int updated = 0;
        for (ClientModel client : realm.getClientsStream().toList()) {
            boolean oidc = client.getProtocol() == null || OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol());
            if (oidc && !client.isBearerOnly() && !client.getClientScopes(true).containsKey(CLIENT_SCOPE)
                    && !client.getClientScopes(false).containsKey(CLIENT_SCOPE)) {
                client.addClientScope(scope, true);
                updated++;
            }
        }
        return updated;
    }
}
