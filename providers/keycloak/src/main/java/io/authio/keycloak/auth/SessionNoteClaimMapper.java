package io.authio.keycloak.auth;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import io.authio.core.json.Json;

/**
 * Shared shape of Authio's claim mappers: a claim whose JSON value an execution of the sign-in flow left in a
 * user-session note; nothing when the note is absent, and a damaged note never breaks token issuance. ID and
 * access tokens and userinfo, as configured.
 */
public abstract class SessionNoteClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    private final List<ProviderConfigProperty> properties = new ArrayList<>();
    private final String note;
    private final String claim;
    private final Class<?> type;

    protected SessionNoteClaimMapper(String note, String claim, Class<?> type) {
        this.note = note;
        this.claim = claim;
        this.type = type;
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, getClass());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String json = userSession == null ? null : userSession.getNote(note);
        if (json == null) {
            return;
        }
        try {
            token.getOtherClaims().put(claim, Json.MAPPER.readValue(json, type));
        } catch (java.io.IOException e) {
            // a damaged note never breaks token issuance
        }
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }
}
