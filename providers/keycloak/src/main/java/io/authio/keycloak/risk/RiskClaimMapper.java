package io.authio.keycloak.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * {@code authio-risk-mapper}: adds {@code authio_risk: {score, decision, signals, decision_id, step_up}}
 * from the sign-in's risk decision to ID and access tokens (and userinfo).
 */
public class RiskClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String ID = "authio-risk-mapper";
    public static final String CLAIM = "authio_risk";
    private static final List<ProviderConfigProperty> PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(PROPERTIES, RiskClaimMapper.class);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String json = userSession == null ? null : userSession.getNote(RiskNotes.CLAIM);
        if (json == null) {
            return;
        }
        try {
            token.getOtherClaims().put(CLAIM, Json.MAPPER.readValue(json, Map.class));
        } catch (java.io.IOException e) {
            // a damaged note never breaks token issuance
        }
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Authio risk";
    }

    @Override
    public String getHelpText() {
        return "Adds the sign-in's risk score, decision and fired signals as the authio_risk claim.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public String getId() {
        return ID;
    }
}
